/**
 * One measurement of the scale benchmark, in a process of its own so its CPU and memory are the
 * collector's alone: a Collector over the given servers polls at 1 s; the probe reads its CPU and
 * memory over a window, then times a replica's lag crossing the cutoff to the topology saying so
 * (the view GET /api/topology answers with), over several rounds. Prints one `RESULT {json}` line.
 */
import v8 from "node:v8";
import vm from "node:vm";
import mysql from "mysql2/promise";
import { Collector } from "@/lib/collector";
import { loadConfigFile } from "@/lib/config";

export interface ProbeInput {
  configPath: string;
  replica: { id: string; socket: string };
  writer: { id: string; socket: string; serverId: number };
  windowMs: number;
  rounds: number;
}

export interface ProbeResult {
  servers: number;
  cpuMsPerSecond: number;
  rssMb: number;
  heapUsedMb: number;
  /** seconds from the crossing to the topology showing it, per round */
  delays: number[];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

async function rootQuery(socket: string, sql: string, values: unknown[] = []) {
  const c = await mysql.createConnection({ socketPath: socket, user: "root", password: "", connectTimeout: 2000 });
  try {
    const [rows] = await c.query({ sql, values, timeout: 5000 });
    return rows as mysql.RowDataPacket[];
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function until(what: string, timeoutMs: number, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

async function main() {
  const input = JSON.parse(process.env.BENCH_PROBE ?? "{}") as ProbeInput;
  const config = loadConfigFile(input.configPath);
  const cutoff = config.lagCutoffSeconds;
  const collector = new Collector(config);
  collector.start();
  try {
    const replicaView = () => collector.topology().servers.find((s) => s.id === input.replica.id)!;
    await until("every server answering", 60_000, () => collector.topology().servers.every((s) => s.reachable && s.health === "ok"));
    await sleep(5000);

    // (a) CPU and memory while nobody asks for anything: the polls and the history alone.
    gc();
    const before = process.cpuUsage();
    const started = performance.now();
    await sleep(input.windowMs);
    const used = process.cpuUsage(before);
    const cpuMsPerSecond = (used.user + used.system) / 1000 / ((performance.now() - started) / 1000);
    gc();
    const mem = process.memoryUsage();

    // (b) Cutoff crossing → topology, from the heartbeat row the stopped replica last applied.
    const delays: number[] = [];
    for (let round = 0; round < input.rounds; round++) {
      await until("a healthy replica", 60_000, () => replicaView().health === "ok");
      await rootQuery(input.replica.socket, "STOP SLAVE SQL_THREAD");
      try {
        await rootQuery(input.writer.socket, "INSERT INTO bench.writes (at) VALUES (NOW(3))");
        await sleep(300);
        const [row] = await rootQuery(input.replica.socket, "SELECT ts FROM hotseat.heartbeat WHERE server_id = ?", [input.writer.serverId]);
        const crossing = Date.parse(`${row.ts}Z`) + cutoff * 1000;
        let seen: number | null = null;
        while (seen === null && Date.now() < crossing + 15_000) {
          const v = replicaView();
          if (v.lagSeconds !== null && v.lagSeconds > cutoff && v.health !== "ok") seen = Date.now();
          else await sleep(50);
        }
        delays.push(seen === null ? NaN : (seen - crossing) / 1000);
      } finally {
        await rootQuery(input.replica.socket, "START SLAVE SQL_THREAD");
      }
    }
    const result: ProbeResult = {
      servers: config.servers.length,
      cpuMsPerSecond,
      rssMb: mem.rss / 1e6,
      heapUsedMb: mem.heapUsed / 1e6,
      delays,
    };
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    collector.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
