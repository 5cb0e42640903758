/**
 * The pt-heartbeat table: the writer stamps its row, every server ages the rows it has
 * replicated by its own clock. True lag even when Seconds_Behind_Master lies (e.g. 0 with a
 * stalled IO thread) or is NULL.
 */
import type { HeartbeatRow } from "./types";
import { DEFAULT_QUERY_TIMEOUT_MS, query, type Connection } from "./connection";
import { isMissingTableError } from "./errors";
import { normaliseHeartbeatRows } from "./normalise";
import { heartbeatTableSeen, takeFoldedHeartbeats } from "./poll-folds";
import {
  heartbeatReadSql,
  heartbeatTableSql,
  heartbeatWriteSql,
} from "./statements";

/**
 * Age of every heartbeat row on this server's clock; [] when the database or table does not exist.
 * From this poll's variables SELECT when it read them (./poll-folds), else one statement.
 */
export async function readHeartbeats(
  conn: Connection,
  database: string,
  timeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
): Promise<HeartbeatRow[]> {
  const folded = takeFoldedHeartbeats(conn, database);
  if (folded) return folded;
  try {
    const rows = normaliseHeartbeatRows(await query(conn, heartbeatReadSql(database), [], timeoutMs));
    heartbeatTableSeen(conn, database, true);
    return rows;
  } catch (err) {
    if (!isMissingTableError(err)) throw err;
    heartbeatTableSeen(conn, database, false);
    return [];
  }
}

/** Stamps this server's row with its current UTC time, in pt-heartbeat's ts format. Writer only. */
export async function writeHeartbeat(
  conn: Connection,
  database: string,
  serverId: number,
  timeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
): Promise<void> {
  if (!Number.isSafeInteger(serverId) || serverId < 0)
    throw new Error(`invalid server id ${serverId}`);
  await query(conn, heartbeatWriteSql(database), [serverId], timeoutMs);
}

/** Creates the database and the pt-heartbeat table if missing (idempotent; on the writer, so it replicates). */
export async function ensureHeartbeatTable(
  conn: Connection,
  database: string,
  timeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
): Promise<void> {
  for (const sql of heartbeatTableSql(database))
    await query(conn, sql, [], timeoutMs);
}
