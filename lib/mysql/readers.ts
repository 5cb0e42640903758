/** What the collector reads from one server each poll; each reader is one round trip. */
import type {
  Dialect,
  GlobalStatus,
  ProcessRow,
  ReplicationChannel,
  ServerVariables,
} from "./types";
import {
  DEFAULT_QUERY_TIMEOUT_MS,
  cacheDialect,
  cachedDialect,
  query,
  type Connection,
} from "./connection";
import { detectDialect } from "./dialect";
import {
  asString,
  normaliseGlobalStatus,
  normaliseProcessRow,
  normaliseReplicationRow,
  normaliseVariables,
} from "./normalise";
import {
  GLOBAL_STATUS_SQL,
  PROCESSLIST_SQL,
  VERSION_SQL,
  replicationStatusSql,
  variablesSql,
} from "./statements";

/** The server's dialect: asked once per connection, then cached. */
export async function getDialect(
  conn: Connection,
  timeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
): Promise<Dialect> {
  const cached = cachedDialect(conn);
  if (cached) return cached;
  const [row] = await query(conn, VERSION_SQL, [], timeoutMs);
  const dialect = detectDialect(
    asString(row?.version) ?? "",
    asString(row?.version_comment),
  );
  cacheDialect(conn, dialect);
  return dialect;
}

/** Server identity, read-only flags and GTID positions (one round trip once the dialect is cached). */
export async function readVariables(
  conn: Connection,
  timeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
): Promise<ServerVariables> {
  const dialect = await getDialect(conn, timeoutMs);
  const [row] = await query(conn, variablesSql(dialect), [], timeoutMs);
  return normaliseVariables(row ?? {}, dialect);
}

/** Every replication channel of this server; [] when it is not a replica. */
export async function readReplication(
  conn: Connection,
  dialect?: Dialect,
  timeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
): Promise<ReplicationChannel[]> {
  const d = dialect ?? (await getDialect(conn, timeoutMs));
  const rows = await query(conn, replicationStatusSql(d), [], timeoutMs);
  return rows.map((row) => normaliseReplicationRow(row, d));
}

export async function readGlobalStatus(
  conn: Connection,
  timeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
): Promise<GlobalStatus> {
  return normaliseGlobalStatus(
    await query(conn, GLOBAL_STATUS_SQL, [], timeoutMs),
  );
}

/** All sessions with their full statement text (needs PROCESS to see other users' sessions). */
export async function readProcesslist(
  conn: Connection,
  timeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
): Promise<ProcessRow[]> {
  const rows = await query(conn, PROCESSLIST_SQL, [], timeoutMs);
  return rows.map(normaliseProcessRow);
}
