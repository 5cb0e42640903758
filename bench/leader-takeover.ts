/**
 * Two consoles on one PostgreSQL store (the local server, a fresh database), watching a lab of
 * their own, measured side by side in one run:
 *   - the takeover: kill -9 the leader, time until the other's GET /api/health says leader
 *     (goal: under 5 s), over 5 kills, the killed console restarted between rounds;
 *   - the API latency of the follower against the leader: GET /api/topology and /api/health,
 *     median and p95 over N requests each, alternating, and the follower : leader ratio.
 * Builds nothing: run `npm run build` first. Tears everything down, also on failure.
 *
 *   npx tsx bench/leader-takeover.ts [--rounds 5] [--requests 300]
 *   (lab in var/bench-lab-leader on HOTSEAT_LAB_PORT_BASE, default 44060; consoles on
 *    HOTSEAT_TWO_CONSOLES_PORT_BASE and +1, default 3971)
 */
import fs from "node:fs";
import path from "node:path";
import { TwoConsoles, type ConsoleName } from "../tests/integration/two-consoles";
import { onOwnLab, root, sleep } from "./lib";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROUNDS = arg("rounds", 5);
const REQUESTS = arg("requests", 300);
const GOAL_MS = 5000;
const LAB = { dir: path.join(root, "var/bench-lab-leader"), portBase: Number(process.env.HOTSEAT_LAB_PORT_BASE ?? 44060) };
const CONSOLE_PORT_BASE = Number(process.env.HOTSEAT_TWO_CONSOLES_PORT_BASE ?? 3971);

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const other = (name: ConsoleName): ConsoleName => (name === "a" ? "b" : "a");
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function theLeader(consoles: TwoConsoles): Promise<ConsoleName> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const leaders = await consoles.leaders();
    if (leaders.length === 1) return leaders[0];
    await sleep(100);
  }
  throw new Error("no single leader within 15 s");
}

/** Takeover times (ms), one per round: kill -9 the leader, poll the other's /api/health until it leads. */
async function takeovers(consoles: TwoConsoles): Promise<{ killed: ConsoleName; ms: number }[]> {
  const rounds: { killed: ConsoleName; ms: number }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const leader = await theLeader(consoles);
    const killedAt = performance.now();
    await consoles.kill(leader, "SIGKILL");
    const ms = await consoles.waitForLeader(other(leader), 15_000, killedAt);
    rounds.push({ killed: leader, ms });
    console.log(`  round ${round}: killed ${leader} (${consoles.consoles[leader].instance}), ${other(leader)} led after ${fmt(ms, 0)} ms`);
    await consoles.restart(leader);
    await sleep(1500); // the restarted console settles as a follower before the next kill
  }
  return rounds;
}

interface Latency {
  p50: number;
  p95: number;
  errors: number;
}

/** GET `urlPath` on both consoles REQUESTS times, alternating which goes first, after a warm-up. */
async function latencies(consoles: TwoConsoles, urlPath: string, leader: ConsoleName): Promise<Record<"leader" | "follower", Latency>> {
  const token = urlPath === "/api/health" ? null : "lab-viewer";
  const once = async (name: ConsoleName) => {
    const t0 = performance.now();
    const res = token ? await consoles.fetchWithToken(name, urlPath, token) : await consoles.fetch(name, urlPath);
    await res.arrayBuffer();
    return res.status === 200 ? performance.now() - t0 : null;
  };
  for (let i = 0; i < 20; i++) await Promise.all([once("a"), once("b")]);
  const times: Record<ConsoleName, number[]> = { a: [], b: [] };
  const errors: Record<ConsoleName, number> = { a: 0, b: 0 };
  for (let i = 0; i < REQUESTS; i++) {
    for (const name of i % 2 ? (["a", "b"] as const) : (["b", "a"] as const)) {
      const ms = await once(name);
      if (ms == null) errors[name]++;
      else times[name].push(ms);
    }
  }
  const of = (name: ConsoleName): Latency => {
    const sorted = times[name].sort((x, y) => x - y);
    return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), errors: errors[name] };
  };
  return { leader: of(leader), follower: of(other(leader)) };
}

async function bench(): Promise<void> {
  if (!fs.existsSync(path.join(root, ".next/BUILD_ID"))) throw new Error("no build found: run `npm run build` first (this benchmark builds nothing)");
  console.log(`lab at ${LAB.dir} (port base ${LAB.portBase}); two consoles on ${CONSOLE_PORT_BASE} and ${CONSOLE_PORT_BASE + 1}, one fresh PostgreSQL database`);
  const consoles = await TwoConsoles.start({ labDir: LAB.dir, portBase: CONSOLE_PORT_BASE });
  try {
    await theLeader(consoles);
    await sleep(3000); // both consoles' first polls and the store's first queries behind them

    console.log(`\nAPI latency, follower vs leader (${REQUESTS} sequential GETs each, alternating, loopback)`);
    const leader = await theLeader(consoles);
    const rows: { path: string; l: Latency; f: Latency }[] = [];
    for (const urlPath of ["/api/topology", "/api/health"]) {
      const { leader: l, follower: f } = await latencies(consoles, urlPath, leader);
      rows.push({ path: urlPath, l, f });
    }
    console.log("    endpoint         leader p50   p95 ms   follower p50   p95 ms   follower : leader p50   p95   errors");
    for (const { path: p, l, f } of rows) {
      console.log(
        `    ${p.padEnd(16)} ${fmt(l.p50, 2).padStart(10)} ${fmt(l.p95, 2).padStart(8)} ${fmt(f.p50, 2).padStart(14)} ${fmt(f.p95, 2).padStart(8)}   ${fmt(f.p50 / l.p50, 2).padStart(20)} ${fmt(f.p95 / l.p95, 2).padStart(5)}   ${String(l.errors + f.errors).padStart(6)}`,
      );
    }

    console.log(`\nTakeover after kill -9 of the leader, ${ROUNDS} rounds (the killed console restarted between rounds)`);
    const rounds = await takeovers(consoles);
    const sorted = rounds.map((r) => r.ms).sort((a, b) => a - b);
    const worst = sorted[sorted.length - 1];
    console.log("    rounds   min ms   median ms   max ms   goal");
    console.log(
      `    ${String(rounds.length).padStart(6)} ${fmt(sorted[0], 0).padStart(8)} ${fmt(quantile(sorted, 0.5), 0).padStart(11)} ${fmt(worst, 0).padStart(8)}   < ${GOAL_MS} ms: ${worst < GOAL_MS ? "met" : "NOT met"}`,
    );
  } finally {
    await consoles.stop();
  }
}

onOwnLab(LAB, () => bench());
