/**
 * A crowd on the public status page. Starts its own lab and `next start` on the
 * existing build, then measures side by side in one run:
 *   - requests per second of /status against a static page of the same build (goal: >= 0.8),
 *     and, for context, against a public file;
 *   - Questions per second on every MySQL server without and with the crowd (goal: <= 1.05).
 * Builds nothing: run `npm run build` first. Tears everything down, also on failure.
 *
 *   npx tsx bench/status-crowd.ts [--seconds N] [--concurrency N]
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { loadConfigFile } from "@/lib/config";
import { labDown, labUp, startSite } from "@/lab";
import { closeProbes, probes, questionsPerSecond, root, sleep, startApp, stopApp } from "./lib";

const LAB = { dir: path.join(root, "var/bench-lab-status"), portBase: 41060 };
const PORT = 3801;
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg("seconds", 8);
const CONCURRENCY = arg("concurrency", 32);
/** Alternating rounds: the machine is shared, so each ratio is also shown per round. */
const ROUNDS = arg("rounds", 3);
/** A static page of the same build: prerendered at build time, through the same proxy as /status. */
const STATIC_PATH = "/status/about";
/**
 * Also measured, for context: a public file (no proxy, no route: the fastest answer `next start`
 * gives) and the JSON and badge routes.
 */
const PUBLIC_FILE = "/favicon.svg";
const EXTRA_PATHS = [PUBLIC_FILE, "/api/status/summary.json", "/api/status/badge.svg"];

interface LoadResult {
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * `concurrency` loopback clients, each sending its next GET as soon as the last answer ended,
 * for `seconds`. Keep-alive sockets, bodies read fully, so it measures what a crowd costs.
 */
async function load(urlPath: string, seconds: number, concurrency: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  const once = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.get({ host: "127.0.0.1", port: PORT, path: urlPath, agent }, (res) => {
        res.on("data", () => undefined);
        res.on("end", () => {
          if (res.statusCode === 200) latencies.push(performance.now() - t0);
          else errors++;
          resolve();
        });
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.setTimeout(10_000, () => req.destroy());
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < deadline) await once();
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { requests: latencies.length, errors, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(root, ".next/BUILD_ID"))) {
    console.error("no build found: run `npm run build` first (this benchmark builds nothing)");
    return 2;
  }
  let app: ChildProcess | null = null;
  try {
    console.log(`lab at ${LAB.dir} (port base ${LAB.portBase})…`);
    const lab = await labUp({ ...LAB });
    // The demo site without its workload generator: the Questions baseline is then the console's
    // own polling plus the site check, the same in both windows.
    await startSite({ ...LAB, workload: false });
    const config = loadConfigFile(lab.configPath);
    app = await startApp(lab.configPath, PORT);
    const base = `http://127.0.0.1:${PORT}`;

    // Warm up: the status cache's first build, the route's first compile into memory.
    for (let i = 0; i < 20; i++) {
      await fetch(`${base}/status`).then((r) => r.arrayBuffer());
      for (const p of [STATIC_PATH, ...EXTRA_PATHS]) await fetch(`${base}${p}`).then((r) => r.arrayBuffer());
    }
    const page = await (await fetch(`${base}/status`)).text();
    if (!page.includes('data-testid="status-overall"')) throw new Error("/status did not render the status page");
    await sleep(2000);

    const conns = await probes(config);
    try {
      console.log(`\nload: ${CONCURRENCY} concurrent keep-alive clients, ${SECONDS} s per run, loopback, ${ROUNDS} rounds, alternating`);
      const idle = await questionsPerSecond(conns, SECONDS * 1000);
      const runs: { path: string; r: LoadResult; q?: Record<string, number> }[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        runs.push({ path: STATIC_PATH, r: await load(STATIC_PATH, SECONDS, CONCURRENCY) });
        const [q, r] = await Promise.all([questionsPerSecond(conns, SECONDS * 1000), load("/status", SECONDS, CONCURRENCY)]);
        runs.push({ path: "/status", r, q });
      }
      const idleAfter = await questionsPerSecond(conns, SECONDS * 1000);
      for (const p of EXTRA_PATHS) runs.push({ path: p, r: await load(p, SECONDS, CONCURRENCY) });

      const mean = (p: string) => {
        const rs = runs.filter((x) => x.path === p).map((x) => x.r);
        return {
          perSecond: rs.reduce((s, r) => s + r.perSecond, 0) / rs.length,
          errors: rs.reduce((s, r) => s + r.errors, 0),
          p50: rs.reduce((s, r) => s + r.p50, 0) / rs.length,
          p99: Math.max(...rs.map((r) => r.p99)),
        };
      };
      const status = mean("/status");
      const stat = mean(STATIC_PATH);
      console.log("\npath                         req/s    p50 ms   p99 ms   errors");
      for (const [p, m] of [["/status", status], [STATIC_PATH, stat], ...EXTRA_PATHS.map((x) => [x, mean(x)] as const)] as const) {
        console.log(`${p.padEnd(27)} ${fmt(m.perSecond).padStart(7)} ${fmt(m.p50, 2).padStart(8)} ${fmt(m.p99, 2).padStart(8)} ${String(m.errors).padStart(8)}`);
      }
      const perRound = runs
        .filter((x) => x.path === "/status")
        .map((x, i) => x.r.perSecond / runs.filter((y) => y.path === STATIC_PATH)[i].r.perSecond);
      console.log(`per round /status : ${STATIC_PATH} = ${perRound.map((r) => fmt(r, 3)).join(", ")}`);
      const rpsRatio = status.perSecond / stat.perSecond;
      console.log(`ratio /status : static page ${STATIC_PATH} = ${fmt(rpsRatio, 3)}  (goal >= 0.8: ${rpsRatio >= 0.8 ? "met" : "NOT met"})`);
      console.log(`ratio /status : public file ${PUBLIC_FILE} = ${fmt(status.perSecond / mean(PUBLIC_FILE).perSecond, 3)}  (context: a file skips the proxy and routing)`);

      console.log(`\nQuestions/s  without crowd (before, after)   with /status crowd (${ROUNDS} rounds)   ratio`);
      let worst = 0;
      for (const s of config.servers) {
        const without = (idle[s.id] + idleAfter[s.id]) / 2;
        const withCrowd = runs.filter((x) => x.q).map((x) => x.q![s.id]);
        const ratio = withCrowd.reduce((a, b) => a + b, 0) / withCrowd.length / without;
        worst = Math.max(worst, ratio);
        console.log(
          `${s.id.padEnd(12)} ${fmt(idle[s.id]).padStart(8)} ${fmt(idleAfter[s.id]).padStart(8)}                    ${withCrowd.map((q) => fmt(q).padStart(8)).join(" ")}                 ${fmt(ratio, 3)}`,
        );
      }
      console.log(`worst Questions ratio = ${fmt(worst, 3)}  (goal <= 1.05: ${worst <= 1.05 ? "met" : "NOT met"})`);
    } finally {
      closeProbes(conns);
    }
    return 0;
  } finally {
    if (app) stopApp(app);
    await sleep(500);
    await labDown(LAB).catch((err) => console.error("lab down failed:", err));
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
