/**
 * Monitoring that never starves, measured side by side in one run on a lab of its own and a
 * `next start` of the existing build:
 *   - polls per second of every server without a crowd and under a crowd that saturates the HTTP
 *     server (64 keep-alive clients on /status), and their ratio (goal >= 0.99);
 *   - the request thread's longest event-loop stall (hotseat_event_loop_stall_max_seconds, read
 *     with a viewer token) without and with a 1 MB hostile statement in db3's processlist
 *     (adjacent literals, an unclosed quote, deep nesting), without a crowd (goal < 50 ms): in
 *     windows that alternate with and without it while a viewer reads the processlist (masked,
 *     so the request side tokenizes every statement), and under the crowd for context.
 * Polls per second come from the history's tick times (exact to the millisecond, whatever the
 * window's edges); the poll counter's rate is printed beside them. Quiet and crowd windows alternate.
 * Builds nothing: run `npx next build` first. Tears everything down, also on failure.
 *
 *   npx tsx bench/polls-under-crowd.ts [--seconds N] [--rounds N] [--concurrency N] [--path /status]
 *   (HOTSEAT_LAB_PORT_BASE, HOTSEAT_LAB_DIR and HOTSEAT_E2E_PORT move its lab and console)
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { labDown, labPaths, labUp, readSecrets } from "@/lab";
import { loadConfigFile, serverPassword, type HotSeatConfig } from "@/lib/config";
import { closeQuietly, connectionThreadId, openConnection, query } from "@/lib/mysql";
import { root, sleep, startApp, stopApp } from "./lib";

const LAB = {
  dir: process.env.HOTSEAT_LAB_DIR ? path.resolve(process.env.HOTSEAT_LAB_DIR) : path.join(root, "var/bench-lab-polls"),
  portBase: Number(process.env.HOTSEAT_LAB_PORT_BASE ?? 45060),
};
const PORT = Number(process.env.HOTSEAT_E2E_PORT ?? 3951);
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SECONDS = Number(arg("seconds", "15"));
const ROUNDS = Number(arg("rounds", "2"));
const CONCURRENCY = Number(arg("concurrency", "64"));
const CROWD_PATH = arg("path", "/status");
const HOSTILE_SERVER = "db3";
const SETTLE_MS = 1500;
const STALL_ROUNDS = Number(arg("stall-rounds", "4"));
const STALL_SECONDS = 8;
const fmt = (n: number, digits = 3) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

/** `concurrency` loopback clients each sending its next GET as soon as the last answer ended, until `stop`. */
function crowd(base: { host: string; port: number }, urlPath: string, concurrency: number): () => Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let running = true;
  let answers = 0;
  const once = () =>
    new Promise<void>((resolve) => {
      const req = http.get({ ...base, path: urlPath, agent }, (res) => {
        res.on("data", () => undefined);
        res.on("end", () => {
          answers++;
          resolve();
        });
      });
      req.on("error", () => resolve());
      req.setTimeout(10_000, () => req.destroy());
    });
  const clients = Array.from({ length: concurrency }, async () => {
    while (running) await once();
  });
  return async () => {
    running = false;
    await Promise.all(clients);
    agent.destroy();
    return answers;
  };
}

interface Scrape {
  at: number;
  polls: Record<string, number>;
  stallSeconds: number;
}

/** One scrape of /api/metrics: every server's poll count and the stall since the previous scrape. */
async function scrape(baseUrl: string, token: string): Promise<Scrape> {
  const text = await (await fetch(`${baseUrl}/api/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
  const polls: Record<string, number> = {};
  for (const m of text.matchAll(/^hotseat_poll_duration_seconds_count\{server="([^"]+)"[^}]*\} (\S+)$/gm)) polls[m[1]] = Number(m[2]);
  const stall = /^hotseat_event_loop_stall_max_seconds (\S+)$/m.exec(text);
  if (!stall) throw new Error("no hotseat_event_loop_stall_max_seconds in /api/metrics");
  return { at: Date.now(), polls, stallSeconds: Number(stall[1]) };
}

/**
 * A viewer with the processlist page open: the processlist (masked for a viewer: every statement
 * read by the tokenizer on the request side), the topology and db3's writers, every 250 ms.
 * Returns a stop function giving the processlist's answer times, ms.
 */
function processlistViewer(baseUrl: string, token: string): () => Promise<number[]> {
  let running = true;
  const times: number[] = [];
  const headers = { authorization: `Bearer ${token}` };
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      await fetch(`${baseUrl}/api/processlist`, { headers }).then((r) => r.arrayBuffer());
      times.push(performance.now() - t0);
      await fetch(`${baseUrl}/api/topology`, { headers }).then((r) => r.arrayBuffer());
      await fetch(`${baseUrl}/api/servers/${HOSTILE_SERVER}/writers`, { headers }).then((r) => r.arrayBuffer());
      await sleep(250);
    }
  })();
  return async () => {
    running = false;
    await loop;
    return times;
  };
}

interface Window {
  /** per server: ticks seen and the ms they span (history times) */
  ticks: Record<string, { n: number; spanMs: number }>;
  /** per server: the poll counter's rate over the window */
  counterRate: Record<string, number>;
  stallMs: number;
  answers: number;
  /** the processlist viewer's answer times, ms (stall windows) */
  processlistMs: number[];
}

async function measure(baseUrl: string, token: string, config: HotSeatConfig, withCrowd: boolean, seconds = SECONDS, viewer = false): Promise<Window> {
  const before = await scrape(baseUrl, token); // also resets the stall maximum
  const stop = withCrowd ? crowd({ host: "127.0.0.1", port: PORT }, CROWD_PATH, CONCURRENCY) : null;
  const stopViewer = viewer ? processlistViewer(baseUrl, token) : null;
  await sleep(seconds * 1000);
  const answers = stop ? await stop() : 0;
  const processlistMs = stopViewer ? await stopViewer() : [];
  const end = Date.now();
  // The request side applies the worker's states between requests: under a crowd they reach it
  // late, so the poll counter is read once the crowd is gone (the same settle in quiet windows).
  await sleep(SETTLE_MS);
  const after = await scrape(baseUrl, token);
  const ticks: Window["ticks"] = {};
  const counterRate: Window["counterRate"] = {};
  for (const s of config.servers) {
    const res = await fetch(`${baseUrl}/api/servers/${s.id}/history?seconds=${seconds + 30}`, { headers: { authorization: `Bearer ${token}` } });
    const { points } = (await res.json()) as { points: { t: string }[] };
    const times = points.map((p) => Date.parse(p.t)).filter((t) => t >= before.at && t <= end);
    ticks[s.id] = { n: Math.max(0, times.length - 1), spanMs: times.length > 1 ? times[times.length - 1] - times[0] : 0 };
    counterRate[s.id] = (after.polls[s.id] - before.polls[s.id]) / ((after.at - before.at) / 1000);
  }
  return { ticks, counterRate, stallMs: after.stallSeconds * 1000, answers, processlistMs };
}

/**
 * A 1 MB statement that sleeps in the processlist. The console keeps its first 16 KiB (the server
 * may show it only 64 KiB), so all of it is hostile from the start: 3000 adjacent literals, then a
 * comment that the cut leaves unclosed, holding an unclosed quote and a megabyte of nesting.
 * (Not 100 000 literals: the server's own concatenation of them is quadratic and would burn
 * both cores, which measures the server, not the console.)
 */
function hostileStatement(sleepSeconds: number): string {
  const literals = Array.from({ length: 3000 }, () => "'x'").join(" ");
  const comment = `${"(".repeat(2000)} 'unclosed " \`still open ${"(".repeat(1024 * 1024)}`;
  return `SELECT SLEEP(${sleepSeconds}) AS s, ${literals} AS x /* ${comment} */`;
}

/** The hostile statement running on db3, seen in its processlist; `stop` kills it. */
async function startHostile(config: HotSeatConfig): Promise<{ length: number; shown: number; stop: () => Promise<void> }> {
  const target = config.servers.find((s) => s.id === HOSTILE_SERVER)!;
  const login = { host: target.host, port: target.port, user: target.user, password: serverPassword(target) };
  const conn = await openConnection(login);
  const probe = await openConnection(login);
  const statement = hostileStatement(3600);
  const running = query(conn, statement, [], 3_700_000).catch(() => undefined);
  const id = connectionThreadId(conn);
  let shown = 0;
  for (let i = 0; i < 40 && !shown; i++) {
    await sleep(100);
    const [row] = await query(probe, "SELECT LENGTH(INFO) AS len FROM information_schema.PROCESSLIST WHERE ID = ?", [id]);
    shown = Number(row?.len ?? 0);
  }
  await sleep(2000); // two polls: the console has read it
  return {
    length: statement.length,
    shown,
    stop: async () => {
      await query(probe, `KILL ${Number(id)}`).catch(() => undefined);
      closeQuietly(probe);
      closeQuietly(conn);
      await running;
    },
  };
}

const pooled = (windows: Window[], id: string) => {
  const n = windows.reduce((a, w) => a + w.ticks[id].n, 0);
  const span = windows.reduce((a, w) => a + w.ticks[id].spanMs, 0);
  return span > 0 ? (n * 1000) / span : NaN;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(root, ".next/BUILD_ID"))) {
    console.error("no build found: run `npx next build` first (this benchmark builds nothing)");
    return 2;
  }
  let app: ChildProcess | null = null;
  try {
    console.log(`lab at ${LAB.dir} (port base ${LAB.portBase}), console on ${PORT}…`);
    await labDown(LAB);
    const lab = await labUp({ ...LAB });
    const config = loadConfigFile(lab.configPath);
    const token = readSecrets(labPaths(LAB)).tokens["lab-viewer"];
    app = await startApp(lab.configPath, PORT);
    const baseUrl = `http://127.0.0.1:${PORT}`;
    for (let i = 0; i < 20; i++) await fetch(`${baseUrl}${CROWD_PATH}`).then((r) => r.arrayBuffer());
    await sleep(3000);

    console.log(`\n${ROUNDS} rounds of ${SECONDS} s quiet / ${SECONDS} s crowd (${CONCURRENCY} keep-alive clients on ${CROWD_PATH}), alternating`);
    const quiet: Window[] = [];
    const loud: Window[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      quiet.push(await measure(baseUrl, token, config, false));
      loud.push(await measure(baseUrl, token, config, true));
    }

    // The hostile statement sleeps through the windows that follow.
    const hostile = await startHostile(config);
    const hostileQuiet: Window[] = [];
    const hostileLoud: Window[] = [];
    try {
      const seen = await (await fetch(`${baseUrl}/api/processlist?server=${HOSTILE_SERVER}`, { headers: { authorization: `Bearer ${token}` } })).text();
      console.log(`hostile statement on ${HOSTILE_SERVER}: ${(hostile.length / 1024).toFixed(0)} KiB sent, ${hostile.shown} characters in its processlist, in the console's answer: ${seen.includes("SLEEP(") ? "yes" : "NO"}`);
      for (let r = 0; r < ROUNDS; r++) {
        hostileQuiet.push(await measure(baseUrl, token, config, false));
        hostileLoud.push(await measure(baseUrl, token, config, true));
      }
    } finally {
      await hostile.stop();
    }

    // The stall, with and without the statement, in interleaved quiet windows: the machine's own
    // noise (other processes on two cores) then weighs on both columns alike.
    const stallPlain: Window[] = [];
    const stallHostile: Window[] = [];
    for (let r = 0; r < STALL_ROUNDS; r++) {
      stallPlain.push(await measure(baseUrl, token, config, false, STALL_SECONDS, true));
      const again = await startHostile(config);
      try {
        stallHostile.push(await measure(baseUrl, token, config, false, STALL_SECONDS, true));
      } finally {
        await again.stop();
      }
    }

    const all = { quiet: [...quiet, ...hostileQuiet], loud: [...loud, ...hostileLoud] };
    console.log(`\ncrowd answers per second: ${fmt(mean(all.loud.map((w) => w.answers)) / SECONDS, 0)}`);
    console.log("\npolls/s (history tick times)   without crowd   with crowd   ratio    | poll counter: without   with");
    let worst = Infinity;
    for (const s of config.servers) {
      const without = pooled(all.quiet, s.id);
      const withCrowd = pooled(all.loud, s.id);
      const ratio = withCrowd / without;
      worst = Math.min(worst, ratio);
      console.log(
        `${s.id.padEnd(31)} ${fmt(without).padStart(13)} ${fmt(withCrowd).padStart(12)} ${fmt(ratio).padStart(7)}    | ${fmt(mean(all.quiet.map((w) => w.counterRate[s.id]))).padStart(20)} ${fmt(mean(all.loud.map((w) => w.counterRate[s.id]))).padStart(6)}`,
      );
    }
    console.log(`worst polls ratio with crowd : without = ${fmt(worst)}  (goal >= 0.99: ${worst >= 0.99 ? "met" : "NOT met"})`);

    const maxStall = (ws: Window[]) => Math.max(...ws.map((w) => w.stallMs));
    const each = (ws: Window[]) => ws.map((w) => fmt(w.stallMs, 0)).join(", ");
    const median = (ws: Window[]) => {
      const xs = ws.map((w) => w.stallMs).sort((a, b) => a - b);
      return xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2;
    };
    console.log(`\nrequest thread's longest event-loop stall, ms: max / median of the windows' maxima (each window)`);
    console.log(`                                       no hostile statement            1 MB hostile statement in ${HOSTILE_SERVER}`);
    const row = (label: string, a: Window[], b: Window[]) =>
      console.log(`${label.padEnd(38)} ${`${fmt(maxStall(a), 1)} / ${fmt(median(a), 1)} (${each(a)})`.padEnd(31)} ${fmt(maxStall(b), 1)} / ${fmt(median(b), 1)} (${each(b)})`);
    row(`a processlist viewer, interleaved`, stallPlain, stallHostile);
    row(`no crowd, ${SECONDS} s windows`, quiet, hostileQuiet);
    row(`under the crowd, ${SECONDS} s windows`, loud, hostileLoud);
    const p50 = (ws: Window[]) => {
      const xs = ws.flatMap((w) => w.processlistMs).sort((a, b) => a - b);
      return `${fmt(xs[Math.floor(xs.length / 2)] ?? NaN, 1)} ms median of ${xs.length}`;
    };
    console.log(`${"GET /api/processlist (viewer, masked)".padEnd(38)} ${p50(stallPlain).padEnd(31)} ${p50(stallHostile)}`);
    const hostileStall = Math.max(maxStall(stallHostile), maxStall(hostileQuiet));
    console.log(`stall with the hostile statement, no crowd = ${fmt(hostileStall, 1)} ms  (goal < 50 ms: ${hostileStall < 50 ? "met" : "NOT met"})`);
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
