/**
 * Folding a poll's reads into one statement. The collector reads a server's variables, its global
 * status and its heartbeat rows every poll, over one connection. Once that connection has asked
 * for status and heartbeats on their own (so it is a poller's, and the heartbeat table is known to
 * exist), its variables SELECT reads them too (pollSql) and the next readGlobalStatus and
 * readHeartbeats answer from that read: three statements become one, with the same figures.
 */
import type { Connection } from "mysql2/promise";
import type { Dialect, GlobalStatus, HeartbeatRow } from "./types";
import type { PollRead } from "./normalise";
import type { PollFolds } from "./statements";

interface FoldState {
  /** readGlobalStatus was asked on this connection */
  wantsStatus: boolean;
  /** a folded status read failed or came back empty: SHOW GLOBAL STATUS for this connection's life */
  statusBroken: boolean;
  /** MySQL's performance_schema.global_status is empty while performance_schema is OFF */
  performanceSchema: boolean;
  /** the database whose heartbeat table readHeartbeats last found on this connection */
  heartbeatDatabase: string | null;
  /** what the last variables SELECT read besides the variables, each handed out once */
  folded: { at: number; status: GlobalStatus | null; heartbeats: { database: string; rows: HeartbeatRow[] } | null };
}

/** A folded answer older than this is not handed out: the poll that read it has gone. */
const MAX_FOLDED_AGE_MS = 10_000;

const states = new WeakMap<Connection, FoldState>();

function stateOf(conn: Connection): FoldState {
  let state = states.get(conn);
  if (!state) {
    state = { wantsStatus: false, statusBroken: false, performanceSchema: false, heartbeatDatabase: null, folded: { at: 0, status: null, heartbeats: null } };
    states.set(conn, state);
  }
  return state;
}

/** What this connection's next variables SELECT should also read. */
export function pollFolds(conn: Connection, dialect: Dialect): PollFolds {
  const s = stateOf(conn);
  const statusReadable = dialect === "mariadb" || s.performanceSchema;
  return { status: s.wantsStatus && !s.statusBroken && statusReadable, heartbeatDatabase: s.heartbeatDatabase };
}

/** Keeps what a variables SELECT read (with `folds`) for the readers that come next in the poll. */
export function keepPollRead(conn: Connection, read: PollRead, folds: PollFolds): void {
  const s = stateOf(conn);
  s.performanceSchema = read.variables.performanceSchema ?? false;
  if (folds.status && read.status == null) s.statusBroken = true;
  const heartbeats = folds.heartbeatDatabase != null && read.heartbeats ? { database: folds.heartbeatDatabase, rows: read.heartbeats } : null;
  s.folded = { at: Date.now(), status: read.status, heartbeats };
}

/** A folded SELECT failed: back to one statement each (status for good, heartbeats until the table is found again). */
export function foldFailed(conn: Connection): void {
  const s = stateOf(conn);
  s.statusBroken = true;
  s.heartbeatDatabase = null;
}

function fresh(s: FoldState): boolean {
  return Date.now() - s.folded.at <= MAX_FOLDED_AGE_MS;
}

/** The counters the last variables SELECT read, once; null when it did not (then ask, and fold from now on). */
export function takeFoldedStatus(conn: Connection): GlobalStatus | null {
  const s = stateOf(conn);
  const status = fresh(s) ? s.folded.status : null;
  s.folded.status = null;
  if (!status) s.wantsStatus = true;
  return status;
}

/** The heartbeat rows of `database` the last variables SELECT read, once; null when it did not. */
export function takeFoldedHeartbeats(conn: Connection, database: string): HeartbeatRow[] | null {
  const s = stateOf(conn);
  const read = s.folded.heartbeats;
  s.folded.heartbeats = null;
  return read && read.database === database && fresh(s) ? read.rows : null;
}

/** readHeartbeats found (or missed) `database`'s table: fold its read into the next SELECTs, or stop. */
export function heartbeatTableSeen(conn: Connection, database: string, exists: boolean): void {
  const s = stateOf(conn);
  if (exists) s.heartbeatDatabase = database;
  else if (s.heartbeatDatabase === database) s.heartbeatDatabase = null;
}
