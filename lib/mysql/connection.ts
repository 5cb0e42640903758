/**
 * Opening connections and running every query with a deadline. A query that times out
 * destroys its connection: mysql2 only rejects the promise and keeps the connection, with the
 * server still busy on it, so the next query would queue behind the stuck one.
 */
import mysql from "mysql2/promise";
import type { Connection } from "mysql2/promise";
import type { Dialect } from "./types";
import {
  ConnectionClosedError,
  QueryTimeoutError,
  isTimeoutError,
  isUnreachableError,
} from "./errors";
import type { Row } from "./normalise";

export type { Connection };

export interface ConnectionTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

export const MAX_CONNECT_TIMEOUT_MS = 2000;
export const DEFAULT_QUERY_TIMEOUT_MS = 2000;
/** Shown in performance_schema.session_connect_attrs so the console's own sessions can be told apart. */
export const PROGRAM_NAME = "hotseat";

interface ConnectionState {
  closed: boolean;
  dialect?: Dialect;
  /** Rejecters of queries in flight, failed at once when the connection is destroyed. */
  pending: Set<(err: Error) => void>;
}

const states = new WeakMap<Connection, ConnectionState>();

function stateOf(conn: Connection): ConnectionState {
  let state = states.get(conn);
  if (!state) {
    state = { closed: false, pending: new Set() };
    states.set(conn, state);
  }
  return state;
}

/** Opens one connection; rejects within connectTimeoutMs (capped at 2000 ms) if the server does not answer. */
export async function openConnection(
  target: ConnectionTarget,
  opts: { connectTimeoutMs?: number } = {},
): Promise<Connection> {
  const connectTimeout = Math.min(
    opts.connectTimeoutMs ?? MAX_CONNECT_TIMEOUT_MS,
    MAX_CONNECT_TIMEOUT_MS,
  );
  const conn = await mysql.createConnection({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    connectTimeout,
    dateStrings: true,
    supportBigNumbers: true,
    multipleStatements: false,
    connectAttributes: { program_name: PROGRAM_NAME },
  });
  const state = stateOf(conn);
  // Without an 'error' listener a server dying under an idle connection crashes the process.
  conn.on("error", () => closeQuietly(conn));
  conn.on("end", () => {
    state.closed = true;
  });
  return conn;
}

/** Server thread id of this connection (CONNECTION_ID()), to recognise it in the processlist. */
export function connectionThreadId(conn: Connection): number | null {
  return conn.threadId ?? null;
}

/** False once the connection was closed, timed out or lost: open a new one. */
export function isUsable(conn: Connection): boolean {
  return !stateOf(conn).closed;
}

/** Destroys the connection at once (no COM_QUIT round trip to a server that may be frozen). Never throws. */
export function closeQuietly(conn: Connection): void {
  const state = stateOf(conn);
  const alreadyClosed = state.closed;
  state.closed = true;
  for (const reject of state.pending) reject(new ConnectionClosedError());
  state.pending.clear();
  if (alreadyClosed) return;
  try {
    conn.destroy();
    // destroy() only half-closes (stream.end()); a SIGSTOPped server never answers the FIN,
    // so also drop the socket. `connection` is the core mysql2 connection behind the promise API.
    const core = (
      conn as unknown as { connection?: { stream?: { destroy?: () => void } } }
    ).connection;
    core?.stream?.destroy?.();
  } catch {
    // closing is best effort
  }
}

/**
 * Runs one statement with a deadline and returns its rows ([] for statements without rows).
 * The deadline covers time queued behind other queries on this connection. On timeout or a
 * connection-level error the connection is destroyed and must not be reused.
 */
export async function query(
  conn: Connection,
  sql: string,
  params: unknown[] = [],
  timeoutMs: number = DEFAULT_QUERY_TIMEOUT_MS,
): Promise<Row[]> {
  const state = stateOf(conn);
  if (state.closed) throw new ConnectionClosedError();
  let timer: NodeJS.Timeout | undefined;
  let rejectGuard: (err: Error) => void = () => {};
  const guard = new Promise<never>((_, reject) => {
    rejectGuard = reject;
    timer = setTimeout(() => {
      // Reject first: closeQuietly also fails pending queries, this one included.
      reject(new QueryTimeoutError(sql, timeoutMs));
      closeQuietly(conn);
    }, timeoutMs);
  });
  state.pending.add(rejectGuard);
  try {
    // mysql2's own timeout is kept as a second line; ours also counts queueing time.
    const [result] = await Promise.race([
      conn.query({ sql, timeout: timeoutMs }, params),
      guard,
    ]);
    return Array.isArray(result) ? (result as Row[]) : [];
  } catch (err) {
    if (isTimeoutError(err) || isUnreachableError(err)) closeQuietly(conn);
    throw err;
  } finally {
    clearTimeout(timer);
    state.pending.delete(rejectGuard);
  }
}

/** The dialect cached for this connection, if known. */
export function cachedDialect(conn: Connection): Dialect | undefined {
  return stateOf(conn).dialect;
}

export function cacheDialect(conn: Connection, dialect: Dialect): void {
  stateOf(conn).dialect = dialect;
}
