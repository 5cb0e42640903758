import mysql from "mysql2/promise";
import { readLabConfig } from "./config";
import { labPaths, LAB_SERVER_IDS, type LabOptions, type LabPaths, type LabServerId } from "./paths";
import { processState, sleep } from "./processes";
import { readSecrets } from "./secrets";
import { q, replicaStatus, rootConnection, waitForGtid } from "./sql";
import { readState } from "./state";

export interface BatchLagOptions extends LabOptions {
  /** How long the job writes (default 60 s); the replicas then catch up by themselves. */
  seconds?: number;
  /** The server to write to; default the lab's current writer (read_only OFF). */
  server?: LabServerId;
  /** Rows in the unindexed ledger table (default 3000). */
  ledgerRows?: number;
  /** Parallel batch connections on the writer (default 2). */
  workers?: number;
  /** How fast the lag should build up, in seconds per second (default 0.5: 10 s after 20 s). */
  lagGrowthPerSecond?: number;
  /** The lag the job then holds while it runs (default 2.5 x the cutoff in the lab config: 25 s). */
  targetLagSeconds?: number;
  log?: (line: string) => void;
}

export interface BatchLagResult {
  writer: LabServerId;
  seconds: number;
  statements: number;
  rowsChanged: number;
  /** Measured seconds one batch statement costs the slowest replica. */
  replicaSecondsPerStatement: number;
  /** Highest Seconds_Behind_Master seen per replica while the job ran (null: never known). */
  maxLagSeconds: Record<string, number | null>;
}

/** Each statement touches 1/SLICES of the ledger; on a replica each touched row costs a full scan. */
const SLICES = 12;
const CALIBRATION_STATEMENTS = 4;

const UPDATE_SLICE =
  "UPDATE order_ledger SET amount_cents = amount_cents + 1, reconciled_at = NOW() WHERE order_ref % ? = ?";

export async function currentWriter(paths: LabPaths, rootPassword: string): Promise<LabServerId> {
  const state = readState(paths);
  for (const id of LAB_SERVER_IDS) {
    const s = state?.servers[id];
    if (processState(s?.pid, s?.marker) !== "running") continue;
    try {
      const conn = await rootConnection(paths.servers[id], rootPassword, 1000);
      try {
        const [r] = await q<{ ro: number }[]>(conn, "SELECT @@GLOBAL.read_only AS ro", [], 2000);
        if (Number(r.ro) === 0) return id;
      } finally {
        await conn.end().catch(() => undefined);
      }
    } catch {
      // unreachable: not the writer we can use
    }
  }
  throw new Error("no writable lab server found");
}

/** Fill the unindexed ledger up to `rows` rows (replicated like any write). */
async function seedLedger(conn: mysql.Connection, rows: number): Promise<void> {
  const [[{ n }]] = (await conn.query("SELECT COUNT(*) AS n FROM order_ledger")) as unknown as [{ n: number }[]];
  for (let start = Number(n); start < rows; start += 1000) {
    const values: [number, string, number][] = [];
    for (let i = start; i < Math.min(rows, start + 1000); i++) values.push([i, `acct-${i % 97}`, (i * 37) % 10_000]);
    await conn.query("INSERT INTO order_ledger (order_ref, account, amount_cents) VALUES ?", [values]);
  }
}

/** Replicas of the lab that run (not frozen, not dead), with a root connection each (the pile-up uses them too). */
export async function replicaConnections(paths: LabPaths, writer: LabServerId, rootPassword: string) {
  const state = readState(paths);
  const out: { id: LabServerId; conn: mysql.Connection }[] = [];
  for (const id of LAB_SERVER_IDS) {
    const s = state?.servers[id];
    if (id === writer || processState(s?.pid, s?.marker) !== "running") continue;
    try {
      out.push({ id, conn: await rootConnection(paths.servers[id], rootPassword, 1000) });
    } catch {
      // unreachable replica: it will not be watched
    }
  }
  return out;
}

/** Highest sequence number in a MariaDB GTID list ("0-1-120,1-2-7" -> 120). */
export function gtidSeq(gtids: string | null | undefined): number {
  let max = 0;
  for (const part of (gtids ?? "").split(",")) {
    const seq = Number(part.trim().split("-")[2]);
    if (Number.isFinite(seq)) max = Math.max(max, seq);
  }
  return max;
}

/**
 * How many batch statements to issue per second. What is issued now reaches a replica only
 * after the work queued ahead of it, so the job steers that queued work (pending statements /
 * replica capacity, in seconds), which answers at once, rather than Seconds_Behind_Master,
 * which answers a whole lag later. A statement issued now will be `work` seconds behind when
 * applied; to see the lag grow by g s/s the queue must grow by g / (1 - g) s/s, up to `target`.
 */
export function batchRate(p: {
  /** Batch statements per second the replicas apply. */
  capacity: number;
  /** Statements issued and not yet applied by the least-lagged replica. */
  pending: number;
  elapsedSeconds: number;
  growth: number;
  target: number;
  /** Seconds_Behind_Master now: a safety stop well past the target. */
  lag: number | null;
}): number {
  const { capacity, pending, elapsedSeconds, growth, target, lag } = p;
  if (lag !== null && lag > target + 5) return 0;
  const ramp = growth / Math.max(0.05, 1 - growth);
  const wantedWork = Math.min(ramp * elapsedSeconds, target);
  const feedForward = wantedWork < target ? ramp : 0;
  const work = pending / capacity;
  const rate = capacity * (1 + feedForward + 0.3 * (wantedWork - work));
  return Math.min(capacity * 3, Math.max(0, rate));
}

/**
 * The story's batch jobs: connections on the writer reconcile an unindexed ledger in slices.
 * On the writer each UPDATE is one quick scan; in ROW format every changed row reaches a
 * replica as its own row event, and the single SQL thread finds each of those rows with a
 * full table scan. The lag is real replication lag; only the job's pace is steered, so the
 * scenario behaves alike on a fast or a busy machine: it measures how many of its statements
 * the replicas apply per second (from their gtid_slave_pos), issues more than that until
 * Seconds_Behind_Master has climbed by `lagGrowthPerSecond` to `targetLagSeconds`, then just
 * as many as they apply. After `seconds` it stops and the replicas catch up by themselves.
 */
export async function batchLag(opts: BatchLagOptions = {}): Promise<BatchLagResult> {
  const paths = labPaths(opts);
  const secrets = readSecrets(paths);
  const log = opts.log ?? (() => undefined);
  const seconds = opts.seconds ?? 60;
  const growth = opts.lagGrowthPerSecond ?? 0.5;
  // The cutoff the console was configured with at `up`, whatever this process' env says.
  const targetLag = opts.targetLagSeconds ?? 2.5 * readLabConfig(paths).lagCutoffSeconds;
  const writer = opts.server ?? (await currentWriter(paths, secrets.rootPassword));
  const connect = () =>
    mysql.createConnection({
      host: "127.0.0.1",
      port: paths.servers[writer].port,
      user: "app",
      password: secrets.appPassword,
      database: "shop",
      connectTimeout: 2000,
    });
  const result: BatchLagResult = {
    writer,
    seconds: 0,
    statements: 0,
    rowsChanged: 0,
    replicaSecondsPerStatement: 0,
    maxLagSeconds: {},
  };
  /** GTID sequence numbers of the job's own statements, to count what a replica has applied. */
  const issued: number[] = [];
  let slice = 0;
  const runSlice = async (conn: mysql.Connection) => {
    const [res] = await conn.query({ sql: UPDATE_SLICE, values: [SLICES, slice++ % SLICES], timeout: 30_000 });
    const [[{ g }]] = (await conn.query("SELECT @@SESSION.last_gtid AS g")) as unknown as [{ g: string }[]];
    issued.push(gtidSeq(g));
    result.statements++;
    result.rowsChanged += (res as mysql.ResultSetHeader).affectedRows;
  };

  const replicas = await replicaConnections(paths, writer, secrets.rootPassword);
  if (!replicas.length) throw new Error("batch-lag needs at least one running replica");
  const first = await connect();
  try {
    await seedLedger(first, opts.ledgerRows ?? 3000);
    // Calibrate: how long do the replicas take to apply a few statements?
    const [[{ pos: seeded }]] = (await first.query("SELECT @@GLOBAL.gtid_binlog_pos AS pos")) as unknown as [{ pos: string }[]];
    await Promise.all(replicas.map((r) => waitForGtid(r.conn, seeded, 60)));
    const t = Date.now();
    for (let i = 0; i < CALIBRATION_STATEMENTS; i++) await runSlice(first);
    const [[{ pos }]] = (await first.query("SELECT @@GLOBAL.gtid_binlog_pos AS pos")) as unknown as [{ pos: string }[]];
    await Promise.all(replicas.map((r) => waitForGtid(r.conn, pos, 60)));
    result.replicaSecondsPerStatement = Math.min(5, Math.max(0.01, (Date.now() - t) / 1000 / CALIBRATION_STATEMENTS));
  } finally {
    await first.end().catch(() => undefined);
  }
  /** Batch statements per second the replicas apply (smoothed); first guess from calibration. */
  let capacity = 1 / result.replicaSecondsPerStatement;
  let rate = batchRate({ capacity, pending: 0, elapsedSeconds: 0, growth, target: targetLag, lag: 0 });
  const workers = opts.workers ?? 2;
  log(
    `batch job: ${workers} connections on ${writer} for ${seconds} s; replicas apply ~${capacity.toFixed(1)} ` +
      `statements/s; lag to grow ${growth} s/s up to ${targetLag} s`,
  );

  const t0 = Date.now();
  const deadline = t0 + seconds * 1000;
  let nextAt = t0;

  const worker = async () => {
    const conn = await connect();
    try {
      while (Date.now() < deadline) {
        if (rate <= 0) {
          await sleep(200);
          nextAt = Date.now();
          continue;
        }
        const wait = nextAt - Date.now();
        nextAt = Math.max(nextAt, Date.now()) + 1000 / rate;
        if (wait > 0) await sleep(Math.min(wait, deadline - Date.now()));
        if (Date.now() >= deadline) break;
        await runSlice(conn);
      }
    } finally {
      await conn.end().catch(() => undefined);
    }
  };

  /** Every replica's lag and applied batch statements; the one furthest ahead steers, so all cross. */
  const look = async () => {
    const seen: { id: string; lag: number | null; applied: number }[] = [];
    await Promise.all(
      replicas.map(async ({ id, conn }) => {
        try {
          const lag = (await replicaStatus(conn, 1500))?.secondsBehindMaster ?? null;
          const [{ pos }] = await q<{ pos: string }[]>(conn, "SELECT @@GLOBAL.gtid_slave_pos AS pos", [], 1500);
          const seq = gtidSeq(pos);
          seen.push({ id, lag, applied: issued.filter((n) => n <= seq).length });
          const prev = result.maxLagSeconds[id] ?? null;
          result.maxLagSeconds[id] = lag === null ? prev : Math.max(prev ?? 0, lag);
        } catch {
          // frozen or gone meanwhile: it does not steer
        }
      }),
    );
    const steering = seen.sort((a, b) => b.applied - a.applied)[0] ?? null;
    const line = seen.map((r) => `${r.id}=${r.lag ?? "NULL"}`).sort().join(" ");
    return { steering, line };
  };

  const steer = async () => {
    let lastLog = 0;
    let prev: { at: number; applied: number; id: string } | null = null;
    while (Date.now() < deadline) {
      await sleep(Math.min(1000, Math.max(0, deadline - Date.now())));
      const { steering, line } = await look();
      const now = Date.now();
      const elapsed = (now - t0) / 1000;
      const wanted = Math.min(growth * elapsed, targetLag);
      if (steering) {
        // Only a replica with work queued shows its capacity; an idle one only shows our pace.
        const backlogged = issued.length - steering.applied > 2;
        if (prev && prev.id === steering.id && backlogged && now > prev.at) {
          const measured = ((steering.applied - prev.applied) * 1000) / (now - prev.at);
          capacity = Math.max(0.2, 0.7 * capacity + 0.3 * measured);
        }
        prev = { at: now, applied: steering.applied, id: steering.id };
        rate = batchRate({
          capacity,
          pending: issued.length - steering.applied,
          elapsedSeconds: elapsed,
          growth,
          target: targetLag,
          lag: steering.lag,
        });
      }
      if (now - lastLog >= 5000) {
        lastLog = now;
        log(
          `t+${Math.round(elapsed)}s statements=${result.statements} rate ${rate.toFixed(1)}/s ` +
            `(replicas apply ${capacity.toFixed(1)}/s); Seconds_Behind_Master ${line} (wanted ${Math.round(wanted)})`,
        );
      }
    }
  };

  try {
    await Promise.all([...Array.from({ length: workers }, worker), steer()]);
  } finally {
    await Promise.all(replicas.map((r) => r.conn.end().catch(() => undefined)));
  }
  result.seconds = (Date.now() - t0) / 1000;
  return result;
}
