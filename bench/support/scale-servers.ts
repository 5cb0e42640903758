/**
 * Many tiny real mariadbd for the scale benchmark, in clusters of a writer ⇄ co-master pair and
 * replicas of the writer: each a copy of the lab's bootstrapped template (no install-db per
 * server), started in parallel batches, root only on its own socket. Built on the lab's
 * primitives (binaries, template, shared server options, replication SQL); never imported by
 * shipped code.
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import { labBinaries } from "@/lab/binaries";
import { labPaths } from "@/lab/paths";
import { busyPorts } from "@/lab/ports";
import { isAlive, sleep, spawnDetached, stopProcess } from "@/lab/processes";
import { SHARED_SERVER_OPTIONS } from "@/lab/server-args";
import { sha256Hex } from "@/lab/secrets";
import { changeMasterSql, q, setupStatements, waitForGtid } from "@/lab/sql";
import { ensureTemplate, runsAsRoot } from "@/lab/template";

export interface ScaleServer {
  id: string;
  cluster: string;
  /** 1-based, unique over the whole fleet: the MySQL server_id too */
  serverId: number;
  port: number;
  home: string;
  socket: string;
  role: "writer" | "co-master" | "replica";
  /** id of the server it replicates from (the writer's: its co-master) */
  sourceId: string | null;
  pid: number | null;
}

export interface ScaleFleet {
  dir: string;
  servers: ScaleServer[];
  passwords: { repl: string; hotseat: string; app: string };
  /** Bearer token of the console's one API token, a viewer's: the benchmark reads GET /api/topology with it. */
  viewerToken: string;
}

/**
 * Smaller than the lab's servers, to fit a hundred on one machine (about 40-60 MB each): a tiny
 * buffer pool, few connections and caches, one InnoDB I/O thread each way, no native AIO (a
 * hundred InnoDBs would exhaust the kernel's aio-max-nr), performance_schema off. Later options
 * override the lab's shared ones.
 */
const TINY_OPTIONS = [
  "--performance-schema=OFF",
  "--innodb-buffer-pool-size=8M",
  "--innodb-use-native-aio=0",
  "--innodb-read-io-threads=1",
  "--innodb-write-io-threads=1",
  "--innodb-purge-threads=1",
  "--innodb-log-buffer-size=1M",
  "--max-connections=30",
  "--table-open-cache=64",
  "--table-definition-cache=400",
  "--thread-cache-size=2",
  "--key-buffer-size=64K",
  "--aria-pagecache-buffer-size=1M",
  "--query-cache-size=0",
  "--skip-name-resolve",
];

function randomPassword(): string {
  return `b${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

/** The fleet's plan: `clusters` × `perCluster` servers on ports from portBase+1. */
export function planFleet(dir: string, clusters: number, perCluster: number, portBase: number): ScaleFleet {
  const servers: ScaleServer[] = [];
  for (let c = 0; c < clusters; c++) {
    const cluster = `c${String(c + 1).padStart(2, "0")}`;
    for (let i = 0; i < perCluster; i++) {
      const serverId = c * perCluster + i + 1;
      const id = `${cluster}-s${String(i + 1).padStart(2, "0")}`;
      const home = path.join(dir, `s${serverId}`);
      const role = i === 0 ? "writer" : i === 1 ? "co-master" : "replica";
      const writerId = `${cluster}-s01`;
      servers.push({ id, cluster, serverId, port: portBase + serverId, home, socket: path.join(home, "mysqld.sock"), role, sourceId: role === "writer" ? `${cluster}-s02` : writerId, pid: null });
    }
  }
  return { dir, servers, passwords: { repl: randomPassword(), hotseat: randomPassword(), app: randomPassword() }, viewerToken: `hs_${randomBytes(20).toString("hex")}` };
}

export function rootConn(s: ScaleServer, timeoutMs = 2000) {
  return mysql.createConnection({ socketPath: s.socket, user: "root", password: "", connectTimeout: timeoutMs });
}

/** One statement as root over the server's socket, on a connection of its own. */
export async function rootQuery(socket: string, sql: string, values: unknown[] = []): Promise<mysql.RowDataPacket[]> {
  const c = await mysql.createConnection({ socketPath: socket, user: "root", password: "", connectTimeout: 2000 });
  try {
    const [rows] = await c.query({ sql, values, timeout: 5000 });
    return rows as mysql.RowDataPacket[];
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function waitAccepting(s: ScaleServer, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (!isAlive(s.pid, s.home)) throw new Error(`${s.id} exited during start-up: ${fs.readFileSync(path.join(s.home, "error.log"), "utf8").split("\n").slice(-8).join("\n")}`);
    if (fs.existsSync(s.socket)) {
      try {
        const c = await rootConn(s, 1000);
        await c.end();
        return;
      } catch (err) {
        last = (err as Error).message;
      }
    }
    await sleep(150);
  }
  throw new Error(`${s.id} did not accept connections within ${timeoutMs} ms (${last})`);
}

/**
 * Copy the template and start every server, `batch` at a time; the pids land in `fleet` as they
 * start. Once `signal` aborts (the benchmark is being torn down) no further batch starts.
 */
export async function startFleet(fleet: ScaleFleet, batch = 10, log: (line: string) => void = () => undefined, signal?: AbortSignal): Promise<void> {
  const busy = await busyPorts(fleet.servers.map((s) => s.port));
  if (busy.length) throw new Error(`ports already in use: ${busy.slice(0, 10).join(", ")}${busy.length > 10 ? "…" : ""} (set BENCH_SCALE_PORT_BASE)`);
  const bins = labBinaries();
  const template = await ensureTemplate(labPaths().templateRoot, bins);
  fs.mkdirSync(fleet.dir, { recursive: true });
  for (let i = 0; i < fleet.servers.length; i += batch) {
    if (signal?.aborted) throw new Error("interrupted while starting the servers");
    const group = fleet.servers.slice(i, i + batch);
    // Copied asynchronously: a blocked event loop could not hear an interrupt (tsx kills a child
    // that does not answer a relayed SIGINT within 30 ms, and the servers would be left running).
    await Promise.all(
      group.map(async (s) => {
        await fs.promises.rm(s.home, { recursive: true, force: true });
        await fs.promises.mkdir(s.home, { recursive: true });
        await fs.promises.cp(template, path.join(s.home, "data"), { recursive: true });
      }),
    );
    if (signal?.aborted) throw new Error("interrupted while starting the servers");
    for (const s of group) s.pid = spawnDetached(bins.server, serverArgs(s), { logFile: path.join(s.home, "stdout.log"), cwd: s.home });
    await Promise.all(group.map((s) => waitAccepting(s)));
    log(`  ${Math.min(i + batch, fleet.servers.length)} of ${fleet.servers.length} servers accepting connections`);
  }
}

function serverArgs(s: ScaleServer): string[] {
  return [
    "--no-defaults",
    ...(runsAsRoot() ? ["--user=root"] : []),
    `--datadir=${path.join(s.home, "data")}`,
    `--socket=${s.socket}`,
    `--pid-file=${path.join(s.home, "mysqld.pid")}`,
    `--log-error=${path.join(s.home, "error.log")}`,
    `--port=${s.port}`,
    `--server-id=${s.serverId}`,
    `--read-only=${s.role === "writer" ? "OFF" : "ON"}`,
    "--auto-increment-increment=2",
    `--auto-increment-offset=${s.role === "co-master" ? 2 : 1}`,
    ...SHARED_SERVER_OPTIONS,
    ...TINY_OPTIONS,
  ];
}

/** Per cluster: users and schema on the writer, everyone replicating from it, the writer from its co-master. */
export async function wireFleet(fleet: ScaleFleet, parallel = 5): Promise<void> {
  const clusters = [...new Set(fleet.servers.map((s) => s.cluster))];
  for (let i = 0; i < clusters.length; i += parallel) {
    await Promise.all(clusters.slice(i, i + parallel).map((c) => wireCluster(fleet, fleet.servers.filter((s) => s.cluster === c))));
  }
}

async function wireCluster(fleet: ScaleFleet, members: ScaleServer[]): Promise<void> {
  const writer = members.find((s) => s.role === "writer")!;
  const coMaster = members.find((s) => s.role === "co-master");
  const conns = await Promise.all(members.map((s) => rootConn(s)));
  const connOf = (s: ScaleServer) => conns[members.indexOf(s)];
  try {
    const w = connOf(writer);
    for (const [sql, values] of setupStatements({ replPassword: fleet.passwords.repl, hotseatPassword: fleet.passwords.hotseat, appPassword: fleet.passwords.app })) await q(w, sql, values);
    await q(w, "CREATE DATABASE bench");
    await q(w, "CREATE TABLE bench.writes (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, at datetime(3) NOT NULL) ENGINE=InnoDB");
    for (const s of members.filter((m) => m !== writer)) {
      await q(connOf(s), changeMasterSql(writer.port), [fleet.passwords.repl]);
      await q(connOf(s), "START SLAVE");
    }
    const [{ pos }] = await q<{ pos: string }[]>(w, "SELECT @@GLOBAL.gtid_binlog_pos AS pos");
    for (const s of members.filter((m) => m !== writer)) {
      if (!(await waitForGtid(connOf(s), pos, 30))) throw new Error(`${s.id} did not reach ${writer.id}'s position ${pos}`);
    }
    if (coMaster) {
      await q(w, "SET GLOBAL gtid_slave_pos = ?", [pos]);
      await q(w, changeMasterSql(coMaster.port), [fleet.passwords.repl]);
      await q(w, "START SLAVE");
    }
  } finally {
    await Promise.all(conns.map((c) => c.end().catch(() => undefined)));
  }
}

/** The pids of every other process whose /proc/<pid>/<file> (NUL-separated) has an entry starting with `marker`. */
function pidsWith(file: "cmdline" | "environ", marker: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/${file}`, "utf8").split("\0").some((v) => v.startsWith(marker))) found.push(pid);
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return found;
}

/**
 * The pids of every process whose data directory lies under the fleet's directory: catches a
 * server whose pid never reached `fleet` (started while the benchmark was being interrupted).
 */
export function serversUnder(dir: string): number[] {
  return pidsWith("cmdline", `--datadir=${dir}/`);
}

/**
 * The pids of every console process (`next start` and its npx parent) whose HOTSEAT_CONFIG lies
 * under the fleet's directory: the benchmark's consoles, found again after a killed run.
 */
export function consolesUnder(dir: string): number[] {
  return pidsWith("environ", `HOTSEAT_CONFIG=${dir}/`);
}

/** Stop every server of the fleet (all at once, each SIGTERM then SIGKILL), then remove its directory. */
export async function stopFleet(fleet: ScaleFleet): Promise<void> {
  const pids = new Set([...fleet.servers.flatMap((s) => (s.pid ? [s.pid] : [])), ...serversUnder(fleet.dir)]);
  await Promise.all([...pids].map((pid) => stopProcess(pid, fleet.dir, 10_000)));
  const left = serversUnder(fleet.dir);
  if (left.length) throw new Error(`servers still running after the stop, left in place: pids ${left.join(", ")}`);
  fs.rmSync(fleet.dir, { recursive: true, force: true });
}

/**
 * The console's configuration for these servers (the schema's input shape), cluster labels
 * included, with one viewer API token (`fleet.viewerToken`, stored as its SHA-256).
 */
export function fleetConfig(fleet: ScaleFleet, servers: readonly ScaleServer[], cutoffSeconds: number, dataDir: string) {
  return {
    servers: servers.map((s) => ({ id: s.id, host: "127.0.0.1", port: s.port, user: "hotseat", password: fleet.passwords.hotseat, cluster: s.cluster, promotion: s.role === "replica" ? "must_not" : "prefer" })),
    lagCutoffSeconds: cutoffSeconds,
    pollIntervalMs: 1000,
    heartbeat: { enabled: true, database: "hotseat" },
    dataDir,
    auth: { users: [], apiTokens: [{ name: "bench-viewer", role: "viewer", tokenSha256: sha256Hex(fleet.viewerToken) }] },
  };
}
