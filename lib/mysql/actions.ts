/** The few statements that change a server: used by lib/actions after its own safety checks. */
import type { Dialect } from "./types";
import { DEFAULT_QUERY_TIMEOUT_MS, query, type Connection } from "./connection";
import { type KillMode, killSql, readOnlySql } from "./statements";

/**
 * KILL QUERY / KILL CONNECTION. Rejects with errno 1094 (isNoSuchThreadError) when the thread
 * is already gone.
 */
export async function killThread(
  conn: Connection,
  threadId: number,
  mode: KillMode,
  timeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
): Promise<void> {
  await query(conn, killSql(threadId, mode), [], timeoutMs);
}

/** read_only on or off, and super_read_only with it where the server has one. */
export async function setReadOnly(
  conn: Connection,
  dialect: Dialect,
  on: boolean,
  timeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
): Promise<void> {
  for (const sql of readOnlySql(dialect, on))
    await query(conn, sql, [], timeoutMs);
}
