/** What the collector reads from one server each poll; each reader is one round trip. */
import type {
  Dialect,
  GlobalStatus,
  ProcessRow,
  ReplicationChannel,
  ServerVariables,
  StatementDigest,
  DigestAccount,
} from "./types";
import {
  DEFAULT_QUERY_TIMEOUT_MS,
  cacheDialect,
  cachedDialect,
  query,
  type Connection,
} from "./connection";
import { detectDialect } from "./dialect";
import { isUnreachableError, mysqlErrno } from "./errors";
import { foldFailed, keepPollRead, pollFolds, takeFoldedStatus } from "./poll-folds";
import {
  asString,
  normaliseGlobalStatus,
  normalisePollRows,
  normaliseProcessRow,
  normaliseReplicationRow,
  normaliseVariables,
  normaliseStatementDigest,
  normaliseDigestAccount,
} from "./normalise";
import {
  GLOBAL_STATUS_SQL,
  PROCESSLIST_SQL,
  VERSION_SQL,
  DIGEST_ACCOUNTS_SQL,
  pollSql,
  statementDigestsSql,
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

/**
 * Server identity, read-only flags and GTID positions (one round trip once the dialect is cached).
 * On a connection that polls status and heartbeats too, the same round trip reads them (./poll-folds).
 */
export async function readVariables(
  conn: Connection,
  timeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
): Promise<ServerVariables> {
  const dialect = await getDialect(conn, timeoutMs);
  const folds = pollFolds(conn, dialect);
  try {
    const read = normalisePollRows(await query(conn, pollSql(dialect, folds), [], timeoutMs), dialect, folds);
    keepPollRead(conn, read, folds);
    return read.variables;
  } catch (err) {
    const folded = folds.status || folds.heartbeatDatabase != null;
    // Only an SQL error the server answered with; a lost or timed-out connection fails the poll as before.
    if (!folded || mysqlErrno(err) === undefined || isUnreachableError(err)) throw err;
    // A grant or a table the fold needs is missing: the plain SELECT, and one statement each from now on.
    foldFailed(conn);
    return readVariables(conn, timeoutMs);
  }
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

/** The counters GlobalStatus holds: from this poll's variables SELECT when it read them, else SHOW GLOBAL STATUS. */
export async function readGlobalStatus(
  conn: Connection,
  timeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
): Promise<GlobalStatus> {
  return takeFoldedStatus(conn) ?? normaliseGlobalStatus(
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

/**
 * Write-statement digests from performance_schema (needs it ON and SELECT on performance_schema).
 * `activeWithinSeconds` null reads every write digest up to `limit` (a baseline); a number only
 * those that ran that recently.
 */
export async function readStatementDigests(
  conn: Connection,
  opts: { activeWithinSeconds: number | null; limit: number },
  timeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
): Promise<StatementDigest[]> {
  const params = opts.activeWithinSeconds == null ? [opts.limit] : [opts.activeWithinSeconds, opts.limit];
  const rows = await query(conn, statementDigestsSql(opts), params, timeoutMs);
  const readAt = Date.now();
  return rows.map((r) => normaliseStatementDigest(r, readAt)).filter((d): d is StatementDigest => d != null);
}

/** Who ran these digests recently, where performance_schema still holds their statements. */
export async function readDigestAccounts(
  conn: Connection,
  digests: readonly string[],
  timeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
): Promise<DigestAccount[]> {
  if (digests.length === 0) return [];
  const rows = await query(conn, DIGEST_ACCOUNTS_SQL, [[...digests]], timeoutMs);
  return rows.map(normaliseDigestAccount).filter((a): a is DigestAccount => a != null);
}
