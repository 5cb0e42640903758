/**
 * The console at a hundred servers, measured side by side in one run against real mariadbd: 100
 * tiny servers in 10 clusters (writer ⇄ co-master and 8 replicas each), then, for the first
 * cluster's 4 servers and for all 100:
 *  (a) the collector's CPU at a 1 s poll, in all and per server (goal: 100 servers under 25 % of one core)
 *  (b) seconds from a replica's lag crossing the cutoff to GET /api/topology saying so, through the
 *      built console (`next start`, its monitoring in a worker thread) read with a viewer token
 *      (goal: the same at 100 as at 4, and at most 1.5 s)
 *  (c) the collector's memory (RSS, heap) at 4 and at 100, and the whole console's RSS beside it
 * (a) and (c) run a Collector in a process of its own each (bench/support/scale-probe.ts), (b) a
 * console each (bench/support/scale-api.ts), one after the other.
 * On demand only (`npm run bench scale`), never in CI: it needs about 6 GB of memory and a few minutes.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { ensureBuild, root, sleep, stopApp } from "./lib";
import { crossingThroughApi, type ApiResult } from "./support/scale-api";
import type { ProbeInput, ProbeResult } from "./support/scale-probe";
import { consolesUnder, fleetConfig, planFleet, startFleet, stopFleet, wireFleet, type ScaleFleet, type ScaleServer } from "./support/scale-servers";

const CLUSTERS = Number(process.env.BENCH_SCALE_CLUSTERS ?? 10);
const PER_CLUSTER = Number(process.env.BENCH_SCALE_PER_CLUSTER ?? 10);
// Below the kernel's ephemeral range (32768-60999): a hundred listening ports in it would race
// the outgoing connections' local ports while the servers start.
const PORT_BASE = Number(process.env.BENCH_SCALE_PORT_BASE ?? 23100);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 30_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CUTOFF_SECONDS = 5;
/** next start's ports: the 4-server console's, and the next one the 100-server console's (polls-under-crowd takes 3951). */
const APP_PORT = Number(process.env.BENCH_SCALE_APP_PORT ?? 3961);
const dir = path.join(root, "var/bench-scale");
const fmt = (n: number, d = 2) => n.toFixed(d);

/** The console's configuration file for these servers. */
function writeConfig(fleet: ScaleFleet, servers: ScaleServer[], label: string): string {
  const configPath = path.join(dir, `config-${label}.json`);
  fs.writeFileSync(configPath, JSON.stringify(fleetConfig(fleet, servers, CUTOFF_SECONDS, path.join(dir, `console-${label}`)), null, 2), { mode: 0o600 });
  return configPath;
}

/** Run one probe in its own process; its RESULT line is the measurement. */
function probe(servers: ScaleServer[], label: string): Promise<ProbeResult> {
  const input: ProbeInput = { configPath: path.join(dir, `config-${label}.json`), windowMs: WINDOW_MS };
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "bench/support/scale-probe.ts")], {
      cwd: root,
      env: { ...process.env, BENCH_PROBE: JSON.stringify(input) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.add(child.pid!);
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => {
      children.delete(child.pid!);
      const line = out.split("\n").find((l) => l.startsWith("RESULT "));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)) as ProbeResult);
      else reject(new Error(`probe at ${servers.length} servers failed (exit ${code}):\n${out.slice(-2000)}`));
    });
  });
}

/** (b) through a console of its own on these servers, stopped (and waited for) after. */
async function throughApi(fleet: ScaleFleet, servers: ScaleServer[], label: string, port: number): Promise<ApiResult> {
  const writer = servers.find((s) => s.role === "writer")!;
  const replica = servers.find((s) => s.role === "replica" && s.cluster === writer.cluster)!;
  try {
    return await crossingThroughApi(
      {
        configPath: path.join(dir, `config-${label}.json`),
        port,
        token: fleet.viewerToken,
        servers: servers.length,
        cutoffSeconds: CUTOFF_SECONDS,
        replica: { id: replica.id, socket: replica.socket },
        writer: { socket: writer.socket, serverId: writer.serverId },
        rounds: ROUNDS,
      },
      interrupted.signal,
      (started) => (app = started),
    );
  } finally {
    app = null;
    await stopConsoles();
  }
}

function kill(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

/** Every console on a configuration of the benchmark's: SIGTERM, then SIGKILL after 10 s. */
async function stopConsoles(): Promise<void> {
  if (app) stopApp(app);
  for (const pid of consolesUnder(dir)) kill(pid, "SIGTERM");
  const deadline = Date.now() + 10_000;
  while (consolesUnder(dir).length && Date.now() < deadline) await sleep(200);
  for (const pid of consolesUnder(dir)) kill(pid, "SIGKILL");
}

const children = new Set<number>();
let app: ChildProcess | null = null;
let fleet: ScaleFleet | null = null;
let stopping: Promise<void> | null = null;
const interrupted = new AbortController();

function teardown(): Promise<void> {
  interrupted.abort();
  for (const pid of children) kill(pid, "SIGTERM");
  if (!stopping && fleet) {
    const consoles = stopConsoles();
    const started = fleet.servers.filter((s) => s.pid).length;
    console.error(`stopping ${started} servers…`);
    stopping = consoles.then(() => stopFleet(fleet!)).then(() => console.error(`stopped, ${dir} removed`));
  }
  return stopping ?? Promise.resolve();
}

async function main() {
  ensureBuild();
  const t0 = Date.now();
  fleet = planFleet(dir, CLUSTERS, PER_CLUSTER, PORT_BASE);
  fs.rmSync(dir, { recursive: true, force: true });
  // Whatever ends this process (tsx answers an interrupt it cannot relay in time with SIGKILL),
  // the watchdog stops the servers and consoles left behind.
  spawn(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "bench/support/scale-watchdog.ts"), String(process.pid), dir], { cwd: root, detached: true, stdio: "ignore" }).unref();
  console.log(`starting ${fleet.servers.length} mariadbd in ${CLUSTERS} clusters on ports ${PORT_BASE + 1}-${PORT_BASE + fleet.servers.length} (${dir})`);
  await startFleet(fleet, 10, console.log, interrupted.signal);
  await wireFleet(fleet);
  console.log(`fleet up and replicating in ${fmt((Date.now() - t0) / 1000, 1)} s; cutoff ${CUTOFF_SECONDS} s, 1 s poll, ${WINDOW_MS / 1000} s CPU windows, ${ROUNDS} crossing rounds`);

  const first = fleet.servers.filter((s) => s.cluster === fleet!.servers[0].cluster).slice(0, 4);
  writeConfig(fleet, first, "4");
  writeConfig(fleet, fleet.servers, "all");
  const small = await probe(first, "4");
  const large = await probe(fleet.servers, "all");
  const smallApi = await throughApi(fleet, first, "4", APP_PORT);
  const largeApi = await throughApi(fleet, fleet.servers, "all", APP_PORT + 1);

  const cpu = (r: ProbeResult) => `${fmt(r.cpuMsPerSecond / 10, 2)} % of a core (${fmt(r.cpuMsPerSecond / r.servers, 3)} ms CPU/s per server)`;
  console.log(`\n(a) collector CPU at a 1 s poll`);
  console.log(`    ${String(small.servers).padStart(3)} servers: ${cpu(small)}`);
  console.log(`    ${String(large.servers).padStart(3)} servers: ${cpu(large)}`);
  console.log(`    ratio ${large.servers}:${small.servers} in all ${fmt(large.cpuMsPerSecond / small.cpuMsPerSecond, 1)}, per server ${fmt(large.cpuMsPerSecond / large.servers / (small.cpuMsPerSecond / small.servers), 2)}; goal < 25 % of a core at ${large.servers}: ${large.cpuMsPerSecond / 10 < 25 ? "met" : "MISSED"}`);

  // NaN (not seen within 15 s) makes the worst NaN, and the goal MISSED.
  const worst = (r: ApiResult) => Math.max(...r.delays);
  console.log(`\n(b) seconds from a replica's lag crossing the ${CUTOFF_SECONDS} s cutoff to GET /api/topology saying so (next start, viewer token; ${ROUNDS} rounds)`);
  for (const r of [smallApi, largeApi]) console.log(`    ${String(r.servers).padStart(3)} servers: ${r.delays.map((d) => fmt(d)).join("  ")}   worst ${fmt(worst(r))}   (answer ${fmt(r.answerBytes / 1000, 1)} kB)`);
  console.log(`    worst ${largeApi.servers} vs ${smallApi.servers}: ratio ${fmt(worst(largeApi) / worst(smallApi))}; goal <= 1.5 s at ${largeApi.servers}: ${worst(largeApi) <= 1.5 ? "met" : "MISSED"}`);

  console.log(`\n(c) memory: the collector alone (after a GC), and the whole console (next start, no forced GC)`);
  for (const [r, a] of [[small, smallApi], [large, largeApi]] as const) console.log(`    ${String(r.servers).padStart(3)} servers: collector RSS ${fmt(r.rssMb, 0)} MB, heap used ${fmt(r.heapUsedMb, 1)} MB; console RSS ${fmt(a.consoleRssMb, 0)} MB`);
  console.log(`    collector heap per added server: ${fmt(((large.heapUsedMb - small.heapUsedMb) / (large.servers - small.servers)) * 1000, 0)} kB; console RSS per added server: ${fmt(((largeApi.consoleRssMb - smallApi.consoleRssMb) / (large.servers - small.servers)) * 1000, 0)} kB`);
}

process.once("SIGINT", () => {
  console.error("\ninterrupted: stopping the servers");
  void teardown().finally(() => process.exit(130));
});

main()
  .then(teardown, async (err) => {
    console.error(err);
    await teardown();
    process.exitCode = 1;
  })
  .finally(() => process.exit(process.exitCode ?? 0));
