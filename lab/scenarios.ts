import fs from "node:fs";
import { appPileup } from "./app-pileup";
import { batchLag, type BatchLagOptions } from "./batch-lag";
import { labBinaries } from "./binaries";
import { recordHelper, startHelper, stopHelpers } from "./helpers";
import { isLabServerId, labPaths, type LabOptions, type LabPaths, type LabServerId } from "./paths";
import { processState, signal, sleep, spawnDetached, waitForExit } from "./processes";
import { readSecrets } from "./secrets";
import { launchServer, waitForServer } from "./servers";
import { q, rootConnection } from "./sql";
import { readState, updateState, type LabState } from "./state";

function requireState(paths: LabPaths): LabState {
  const state = readState(paths);
  if (!state) throw new Error(`no lab at ${paths.dir}: run \`npm run lab -- up\` first`);
  return state;
}

function requireServer(id: string | undefined): LabServerId {
  if (!id || !isLabServerId(id)) throw new Error(`name a lab server (db1, db2, db3, db4), got ${id ?? "nothing"}`);
  return id;
}

async function asRoot<T>(paths: LabPaths, id: LabServerId, sql: string): Promise<T> {
  const conn = await rootConnection(paths.servers[id], readSecrets(paths).rootPassword, 2000);
  try {
    return await q<T>(conn, sql, [], 10_000);
  } finally {
    await conn.end().catch(() => undefined);
  }
}

/** STOP SLAVE SQL_THREAD: the replica keeps fetching but applies nothing. */
export async function stopSql(id: LabServerId, opts: LabOptions = {}): Promise<string> {
  await asRoot(labPaths(opts), id, "STOP SLAVE SQL_THREAD");
  return `${id}: replication SQL thread stopped`;
}

export async function startSql(id: LabServerId, opts: LabOptions = {}): Promise<string> {
  await asRoot(labPaths(opts), id, "START SLAVE SQL_THREAD");
  return `${id}: replication SQL thread started`;
}

function serverProcess(paths: LabPaths, id: LabServerId) {
  const s = requireState(paths).servers[id];
  return { ...s, state: processState(s.pid, s.marker) };
}

/** SIGSTOP the server: it holds every connection and answers nothing, like a hung mysqld. */
export async function freeze(id: LabServerId, opts: LabOptions = {}): Promise<string> {
  const s = serverProcess(labPaths(opts), id);
  if (s.state === "stopped" || !s.pid) throw new Error(`${id} is not running`);
  signal(s.pid, "SIGSTOP");
  return `${id}: frozen (SIGSTOP pid ${s.pid})`;
}

export async function thaw(id: LabServerId, opts: LabOptions = {}): Promise<string> {
  const s = serverProcess(labPaths(opts), id);
  if (s.state === "stopped" || !s.pid) throw new Error(`${id} is not running`);
  signal(s.pid, "SIGCONT");
  return `${id}: thawed (SIGCONT pid ${s.pid})`;
}

/** SIGKILL the server: the dead master. Its data directory stays for `start`. */
export async function killServer(id: LabServerId, opts: LabOptions = {}): Promise<string> {
  const s = serverProcess(labPaths(opts), id);
  if (s.state === "stopped" || !s.pid) return `${id}: already stopped`;
  signal(s.pid, "SIGKILL");
  await waitForExit(s.pid, s.marker, 5000);
  return `${id}: killed (SIGKILL pid ${s.pid})`;
}

/** Start a stopped server again with its data directory and options; replication resumes. */
export async function startServer(
  id: LabServerId,
  opts: LabOptions & { readOnly?: boolean } = {},
): Promise<string> {
  const paths = labPaths(opts);
  const s = serverProcess(paths, id);
  if (s.state !== "stopped" && s.pid) return `${id}: already running (pid ${s.pid}, ${s.state})`;
  // `readOnly` overrides the server's own setting, e.g. an old master returning after a failover.
  const args =
    opts.readOnly === undefined
      ? s.args
      : s.args.map((a) => (a.startsWith("--read-only=") ? `--read-only=${opts.readOnly ? "ON" : "OFF"}` : a));
  const pid = launchServer(paths.servers[id], { ...s, args });
  updateState(paths, (st) => {
    st.servers[id].pid = pid;
    st.servers[id].args = args;
  });
  await waitForServer(paths.servers[id], pid, [readSecrets(paths).rootPassword], 60_000);
  return `${id}: started (pid ${pid})`;
}

/** The statement of the migration someone ran by hand a month ago and forgot. */
export const ROGUE_SQL =
  "SELECT /* backfill customer totals, run by hand */ SLEEP(86400) AS backfill, COUNT(*) FROM shop.orders";

/**
 * A long-running query as root from the command-line client, detached: it shows in SHOW
 * PROCESSLIST as root, Command Query, with a growing Time. Resolves once it is visible.
 */
export async function rogueQuery(id: LabServerId = "db1", opts: LabOptions = {}): Promise<string> {
  const paths = labPaths(opts);
  requireState(paths);
  const socket = paths.servers[id].socket;
  const pid = spawnDetached(
    labBinaries().client,
    [`--defaults-file=${paths.rootCnf}`, `--socket=${socket}`, "--batch", "--comments", "-e", ROGUE_SQL],
    { logFile: `${paths.dir}/rogue-query.log` },
  );
  recordHelper(paths, { kind: "rogue-query", pid, marker: `--socket=${socket}`, server: id, startedAt: new Date().toISOString() });
  for (let i = 0; i < 50; i++) {
    const rows = await asRoot<{ ID: number }[]>(
      paths,
      id,
      "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'root' AND INFO LIKE '%SLEEP(86400) AS backfill%' AND ID <> CONNECTION_ID()",
    );
    if (rows.length) return `${id}: rogue query running as root (thread ${rows[0].ID}, client pid ${pid})`;
    if (processState(pid) === "stopped") {
      const log = fs.readFileSync(`${paths.dir}/rogue-query.log`, "utf8").trim();
      throw new Error(`rogue query client exited: ${log}`);
    }
    await sleep(100);
  }
  throw new Error(`rogue query did not show up in ${id}'s processlist`);
}

/** Run the batch job detached (the CLI's default), so it outlives the command that started it. */
export function startBatchLag(opts: LabOptions & { seconds?: number; server?: LabServerId } = {}): number {
  const paths = labPaths(opts);
  requireState(paths);
  const args = ["scenario", "batch-lag", "--foreground", `--seconds=${opts.seconds ?? 60}`];
  if (opts.server) args.push(opts.server);
  return startHelper(paths, "batch-lag", "scripts/lab.ts", args, paths.batchLog, { server: opts.server });
}

/** Run the app-tier pile-up detached, so it outlives the command that started it. */
export function startAppPileup(opts: LabOptions & { seconds?: number } = {}): number {
  const paths = labPaths(opts);
  requireState(paths);
  const args = ["scenario", "app-pileup", "--foreground", `--seconds=${opts.seconds ?? 120}`];
  return startHelper(paths, "app-pileup", "scripts/lab.ts", args, `${paths.dir}/app-pileup.log`);
}

export const SCENARIOS = [
  "batch-lag",
  "stop-batch",
  "app-pileup",
  "stop-pileup",
  "stop-sql",
  "start-sql",
  "freeze",
  "thaw",
  "kill",
  "start",
  "rogue-query",
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** Parse `--seconds=N`/`--seconds N`, `--foreground` and an optional server from CLI words. */
function parseArgs(args: string[]) {
  let seconds: number | undefined;
  let foreground = false;
  let readOnly: boolean | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--foreground" || a === "--wait") foreground = true;
    else if (a === "--read-only") readOnly = true;
    else if (a === "--writable") readOnly = false;
    else if (a.startsWith("--seconds=")) seconds = Number(a.slice(10));
    else if (a === "--seconds") seconds = Number(args[++i]);
    else if (!a.startsWith("--")) rest.push(a);
  }
  if (seconds !== undefined && !(seconds > 0)) throw new Error("--seconds must be a positive number");
  return { seconds, foreground, readOnly, server: rest[0] };
}

/**
 * Run a scenario by name with CLI-style arguments; returns a line to print.
 * `batch-lag` runs detached unless `--foreground` (then it resolves when the job ends).
 */
export async function scenario(
  name: string,
  args: string[] = [],
  opts: LabOptions & { log?: BatchLagOptions["log"] } = {},
): Promise<string> {
  const a = parseArgs(args);
  switch (name as ScenarioName) {
    case "batch-lag": {
      const server = a.server ? requireServer(a.server) : undefined;
      if (!a.foreground) {
        const pid = startBatchLag({ ...opts, seconds: a.seconds, server });
        return `batch job started (pid ${pid}) for ${a.seconds ?? 60} s; log: ${labPaths(opts).batchLog}`;
      }
      const r = await batchLag({ ...opts, seconds: a.seconds, server });
      const peaks = Object.entries(r.maxLagSeconds)
        .map(([id, lag]) => `${id} ${lag ?? "NULL"} s`)
        .join(", ");
      return `batch job on ${r.writer} ran ${r.seconds.toFixed(0)} s: ${r.statements} statements, ${r.rowsChanged} rows (replicas needed ${r.replicaSecondsPerStatement.toFixed(3)} s a statement); peak Seconds_Behind_Master: ${peaks}`;
    }
    case "app-pileup": {
      if (!a.foreground) {
        const pid = startAppPileup({ ...opts, seconds: a.seconds });
        return `app pile-up started (pid ${pid}) for ${a.seconds ?? 120} s; log: ${labPaths(opts).dir}/app-pileup.log`;
      }
      // SIGTERM (stop-pileup, lab down) ends it early; the lock and the replicas are put back first.
      const until = new Promise<void>((resolve) => process.once("SIGTERM", () => resolve()));
      const r = await appPileup({ ...opts, seconds: a.seconds, until });
      return `app pile-up ran ${r.seconds.toFixed(0)} s on ${r.writer} (replicas stopped: ${r.replicasStopped.join(", ")}): ${r.reads} pages served, ${r.readErrors} failed`;
    }
    case "stop-pileup": {
      const n = await stopHelpers(labPaths(opts), "app-pileup");
      return `stopped ${n} app pile-up(s)`;
    }
    case "stop-batch": {
      const n = await stopHelpers(labPaths(opts), "batch-lag");
      return `stopped ${n} batch job(s)`;
    }
    case "stop-sql":
      return stopSql(requireServer(a.server), opts);
    case "start-sql":
      return startSql(requireServer(a.server), opts);
    case "freeze":
      return freeze(requireServer(a.server), opts);
    case "thaw":
      return thaw(requireServer(a.server), opts);
    case "kill":
      return killServer(requireServer(a.server), opts);
    case "start":
      return startServer(requireServer(a.server), { ...opts, readOnly: a.readOnly });
    case "rogue-query":
      return rogueQuery(a.server ? requireServer(a.server) : "db1", opts);
    default:
      throw new Error(`unknown scenario "${name}"; one of: ${SCENARIOS.join(", ")}`);
  }
}
