/**
 * The console at a hundred servers, measured side by side in one run against real mariadbd: 100
 * tiny servers in 10 clusters (writer ⇄ co-master and 8 replicas each), then, for the first
 * cluster's 4 servers and for all 100, in a process of its own each (bench/support/scale-probe.ts):
 *  (a) the collector's CPU at a 1 s poll, in all and per server (goal: 100 servers under 25 % of one core)
 *  (b) seconds from a replica's lag crossing the cutoff to the topology saying so
 *      (goal: the same at 100 as at 4, and at most 1.5 s)
 *  (c) the console's memory (RSS, heap) at 4 and at 100
 * On demand only (`npm run bench scale`), never in CI: it needs about 6 GB of memory and a few minutes.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { root } from "./lib";
import { fleetConfig, planFleet, startFleet, stopFleet, wireFleet, type ScaleFleet, type ScaleServer } from "./support/scale-servers";
import type { ProbeInput, ProbeResult } from "./support/scale-probe";

const CLUSTERS = Number(process.env.BENCH_SCALE_CLUSTERS ?? 10);
const PER_CLUSTER = Number(process.env.BENCH_SCALE_PER_CLUSTER ?? 10);
// Below the kernel's ephemeral range (32768-60999): a hundred listening ports in it would race
// the outgoing connections' local ports while the servers start.
const PORT_BASE = Number(process.env.BENCH_SCALE_PORT_BASE ?? 23100);
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 30_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CUTOFF_SECONDS = 5;
const dir = path.join(root, "var/bench-scale");
const fmt = (n: number, d = 2) => n.toFixed(d);

/** Run one probe in its own process; its RESULT line is the measurement. */
function probe(fleet: ScaleFleet, servers: ScaleServer[], label: string): Promise<ProbeResult> {
  const configPath = path.join(dir, `config-${label}.json`);
  fs.writeFileSync(configPath, JSON.stringify(fleetConfig(fleet, servers, CUTOFF_SECONDS, path.join(dir, `console-${label}`)), null, 2), { mode: 0o600 });
  const writer = servers.find((s) => s.role === "writer")!;
  const replica = servers.find((s) => s.role === "replica" && s.cluster === writer.cluster)!;
  const input: ProbeInput = {
    configPath,
    replica: { id: replica.id, socket: replica.socket },
    writer: { id: writer.id, socket: writer.socket, serverId: writer.serverId },
    windowMs: WINDOW_MS,
    rounds: ROUNDS,
  };
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

const children = new Set<number>();
let fleet: ScaleFleet | null = null;
let stopping: Promise<void> | null = null;
const interrupted = new AbortController();

function teardown(): Promise<void> {
  interrupted.abort();
  for (const pid of children) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  if (!stopping && fleet) {
    const started = fleet.servers.filter((s) => s.pid).length;
    console.error(`stopping ${started} servers…`);
    stopping = stopFleet(fleet).then(() => console.error(`stopped, ${dir} removed`));
  }
  return stopping ?? Promise.resolve();
}

async function main() {
  const t0 = Date.now();
  fleet = planFleet(dir, CLUSTERS, PER_CLUSTER, PORT_BASE);
  fs.rmSync(dir, { recursive: true, force: true });
  // Whatever ends this process (tsx answers an interrupt it cannot relay in time with SIGKILL),
  // the watchdog stops the servers left behind.
  spawn(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "bench/support/scale-watchdog.ts"), String(process.pid), dir], { cwd: root, detached: true, stdio: "ignore" }).unref();
  console.log(`starting ${fleet.servers.length} mariadbd in ${CLUSTERS} clusters on ports ${PORT_BASE + 1}-${PORT_BASE + fleet.servers.length} (${dir})`);
  await startFleet(fleet, 10, console.log, interrupted.signal);
  await wireFleet(fleet);
  console.log(`fleet up and replicating in ${fmt((Date.now() - t0) / 1000, 1)} s; cutoff ${CUTOFF_SECONDS} s, 1 s poll, ${WINDOW_MS / 1000} s CPU windows, ${ROUNDS} crossing rounds`);

  const first = fleet.servers.filter((s) => s.cluster === fleet!.servers[0].cluster).slice(0, 4);
  const small = await probe(fleet, first, "4");
  const large = await probe(fleet, fleet.servers, "all");

  const cpu = (r: ProbeResult) => `${fmt(r.cpuMsPerSecond / 10, 2)} % of a core (${fmt(r.cpuMsPerSecond / r.servers, 3)} ms CPU/s per server)`;
  console.log(`\n(a) collector CPU at a 1 s poll`);
  console.log(`    ${String(small.servers).padStart(3)} servers: ${cpu(small)}`);
  console.log(`    ${String(large.servers).padStart(3)} servers: ${cpu(large)}`);
  console.log(`    ratio ${large.servers}:${small.servers} in all ${fmt(large.cpuMsPerSecond / small.cpuMsPerSecond, 1)}, per server ${fmt(large.cpuMsPerSecond / large.servers / (small.cpuMsPerSecond / small.servers), 2)}; goal < 25 % of a core at ${large.servers}: ${large.cpuMsPerSecond / 10 < 25 ? "met" : "MISSED"}`);

  const worst = (r: ProbeResult) => Math.max(...r.delays);
  console.log(`\n(b) seconds from a replica's lag crossing the ${CUTOFF_SECONDS} s cutoff to the topology saying so (${ROUNDS} rounds)`);
  console.log(`    ${String(small.servers).padStart(3)} servers: ${small.delays.map((d) => fmt(d)).join("  ")}   worst ${fmt(worst(small))}`);
  console.log(`    ${String(large.servers).padStart(3)} servers: ${large.delays.map((d) => fmt(d)).join("  ")}   worst ${fmt(worst(large))}`);
  console.log(`    worst ${large.servers} vs ${small.servers}: ratio ${fmt(worst(large) / worst(small))}; goal <= 1.5 s at ${large.servers}: ${worst(large) <= 1.5 ? "met" : "MISSED"}`);

  console.log(`\n(c) the console's memory with the collector running (after a GC)`);
  for (const r of [small, large]) console.log(`    ${String(r.servers).padStart(3)} servers: RSS ${fmt(r.rssMb, 0)} MB, heap used ${fmt(r.heapUsedMb, 1)} MB`);
  console.log(`    heap per added server: ${fmt(((large.heapUsedMb - small.heapUsedMb) / (large.servers - small.servers)) * 1000, 0)} kB`);
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
