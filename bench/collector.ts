/**
 * The collector's benchmark, measured side by side in one run on a lab of its own:
 *  (a) questions per second the dashboard causes on each server, 1 viewer vs 50 (goal: ratio <= 1.1)
 *  (b) seconds from a replica's heartbeat lag crossing the cutoff to the API showing it, at the
 *      default 1 s poll and at orchestrator's 5 s (goal: <= 1.5 s at the default)
 *  (c) the collector's CPU per monitored server (4 servers vs 1)
 */
import path from "node:path";
import { Collector } from "@/lib/collector";
import { loadConfigFile, serverPassword } from "@/lib/config";
import { labDown, labUp, readSecrets, labPaths, startSql, stopSql } from "@/lab";
import { closeQuietly, openConnection, query } from "@/lib/mysql";
import { closeProbes, ensureBuild, probes, questionsPerSecond, root, sleep, startApp, stopApp, viewers } from "./lib";

const lab = { dir: path.join(root, "var/bench-lab-collector"), portBase: 43060, cutoffSeconds: 5 };
const PORT = 3901;
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 10_000);
const fmt = (n: number, d = 2) => n.toFixed(d);

async function questionsWithViewers(configPath: string) {
  const config = loadConfigFile(configPath);
  const token = readSecrets(labPaths(lab)).tokens["lab-viewer"];
  const ids = config.servers.map((s) => s.id);
  const conns = await probes(config);
  const app = await startApp(configPath, PORT);
  try {
    await sleep(3000);
    const stopOne = viewers(1, `http://127.0.0.1:${PORT}`, token, ids);
    await sleep(2000);
    const one = await questionsPerSecond(conns, WINDOW_MS);
    await stopOne();
    const stopMany = viewers(50, `http://127.0.0.1:${PORT}`, token, ids);
    await sleep(2000);
    const many = await questionsPerSecond(conns, WINDOW_MS);
    const requests = await stopMany();
    console.log(`\n(a) questions/s on each server caused by the dashboard (${WINDOW_MS / 1000} s windows; 50 viewers made ${requests} requests)`);
    console.log("    server   1 viewer   50 viewers   ratio   goal <= 1.10");
    for (const id of ids) {
      const ratio = many[id] / one[id];
      console.log(`    ${id.padEnd(8)} ${fmt(one[id]).padStart(8)}   ${fmt(many[id]).padStart(10)}   ${fmt(ratio).padStart(5)}   ${ratio <= 1.1 ? "met" : "MISSED"}`);
    }
    return app;
  } finally {
    closeProbes(conns);
    stopApp(app);
  }
}

/** When db4's heartbeat lag crosses the cutoff, from the heartbeat row it last applied. */
async function crossingTime(configPath: string, cutoffSeconds: number): Promise<number> {
  const db4 = loadConfigFile(configPath).servers.find((s) => s.id === "db4")!;
  const conn = await openConnection({ host: db4.host, port: db4.port, user: db4.user, password: serverPassword(db4) });
  try {
    const [row] = await query(conn, "SELECT ts FROM hotseat.heartbeat WHERE server_id = 1");
    return Date.parse(`${row.ts}Z`) + cutoffSeconds * 1000;
  } finally {
    closeQuietly(conn);
  }
}

async function detectionLatency(configPath: string) {
  const config = loadConfigFile(configPath);
  const cutoff = config.lagCutoffSeconds;
  const token = readSecrets(labPaths(lab)).tokens["lab-viewer"];
  const app = await startApp(configPath, PORT);
  const slow = new Collector({ ...config, pollIntervalMs: 5000 });
  slow.start();
  const results: { label: string; seconds: number[] }[] = [
    { label: "dashboard API, 1 s poll (default)", seconds: [] },
    { label: "in-process collector, 5 s poll (orchestrator's)", seconds: [] },
  ];
  try {
    for (let round = 0; round < 3; round++) {
      await sleep(6000); // both collectors see a healthy db4 first
      await stopSql("db4", lab);
      await sleep(300);
      const crossing = await crossingTime(configPath, cutoff);
      const seen: (number | null)[] = [null, null];
      while (seen.includes(null) && Date.now() < crossing + 15_000) {
        if (seen[0] == null) {
          const body = await (await fetch(`http://127.0.0.1:${PORT}/api/topology`, { headers: { authorization: `Bearer ${token}` } })).json();
          const lag = body.servers.find((s: { id: string }) => s.id === "db4").lagSeconds;
          if (lag != null && lag > cutoff) seen[0] = Date.now();
        }
        if (seen[1] == null) {
          const lag = slow.topology().servers.find((s) => s.id === "db4")!.lagSeconds;
          if (lag != null && lag > cutoff) seen[1] = Date.now();
        }
        await sleep(50);
      }
      await startSql("db4", lab);
      seen.forEach((t, i) => results[i].seconds.push(t == null ? NaN : (t - crossing) / 1000));
    }
  } finally {
    slow.stop();
    stopApp(app);
  }
  console.log(`\n(b) seconds from db4's heartbeat lag crossing the ${cutoff} s cutoff to it being shown (3 rounds)`);
  for (const r of results) {
    const worst = Math.max(...r.seconds);
    console.log(`    ${r.label.padEnd(50)} ${r.seconds.map((s) => fmt(s)).join("  ")}   worst ${fmt(worst)}`);
  }
  const ratio = Math.max(...results[0].seconds) / Math.max(...results[1].seconds);
  const worstDefault = Math.max(...results[0].seconds);
  console.log(`    default vs 5 s poll, worst case: ratio ${fmt(ratio)}; goal <= 1.5 s at the default: ${worstDefault <= 1.5 ? "met" : "MISSED"}`);
}

async function cpuPerServer(configPath: string) {
  const config = loadConfigFile(configPath);
  const measure = async (servers: typeof config.servers) => {
    const collector = new Collector({ ...config, servers });
    collector.start();
    await sleep(3000);
    const before = process.cpuUsage();
    const started = Date.now();
    await sleep(WINDOW_MS);
    const used = process.cpuUsage(before);
    const seconds = (Date.now() - started) / 1000;
    collector.stop();
    return (used.user + used.system) / 1000 / seconds / servers.length; // CPU ms per second per server
  };
  const four = await measure(config.servers);
  const one = await measure(config.servers.slice(0, 1));
  console.log(`\n(c) collector CPU per monitored server at a ${config.pollIntervalMs} ms poll (${WINDOW_MS / 1000} s windows)`);
  console.log(`    1 server:  ${fmt(one)} ms CPU/s per server (${fmt(one / 10, 3)} % of a core)`);
  console.log(`    4 servers: ${fmt(four)} ms CPU/s per server (${fmt(four / 10, 3)} % of a core); ratio 4:1 per server ${fmt(four / one)}`);
}

async function main() {
  ensureBuild();
  await labDown(lab);
  const info = await labUp(lab);
  console.log(`bench lab up in ${info.seconds.toFixed(1)} s (${lab.dir}, cutoff ${lab.cutoffSeconds} s)`);
  try {
    await questionsWithViewers(info.configPath);
    await detectionLatency(info.configPath);
    await cpuPerServer(info.configPath);
  } finally {
    await labDown(lab);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    void labDown(lab).finally(() => process.exit(1));
  },
);
