/**
 * The SQL text lib/mysql sends, per dialect. Pure, so the choice is unit-tested without a server.
 */
import type { Dialect } from "./types";
import { hasSuperReadOnly } from "./dialect";

const SAFE_IDENTIFIER = /^[A-Za-z0-9_]+$/;

/** Backtick-quotes a database name after checking it holds only [A-Za-z0-9_]. */
export function quoteDatabase(database: string): string {
  if (!SAFE_IDENTIFIER.test(database) || database.length > 64) {
    throw new Error(
      `invalid database name ${JSON.stringify(database)}: use letters, digits and _ only`,
    );
  }
  return `\`${database}\``;
}

export const VERSION_SQL =
  "SELECT @@version AS version, @@version_comment AS version_comment";

/** The @@-variables ServerVariables is built from; aliases are what normaliseVariables reads. */
function variableColumns(dialect: Dialect): string[] {
  const common = [
    "@@server_id AS server_id",
    "@@version AS version",
    "@@version_comment AS version_comment",
    "@@read_only AS read_only",
    "@@log_bin AS log_bin",
    "@@max_connections AS max_connections",
    // Every dialect has it; read-only at runtime, so asking with the rest costs no round trip.
    "@@performance_schema AS performance_schema",
  ];
  switch (dialect) {
    case "mariadb":
      // No super_read_only, gtid_mode or gtid_executed on MariaDB.
      return [
        ...common,
        "@@log_slave_updates AS log_replica_updates",
        "@@gtid_binlog_pos AS gtid_binlog_pos",
        "@@gtid_current_pos AS gtid_current_pos",
        "@@gtid_slave_pos AS gtid_slave_pos",
      ];
    case "mysql84":
      // 8.4 removed the old log_slave_updates name; log_replica_updates exists since 8.0.26.
      return [
        ...common,
        "@@super_read_only AS super_read_only",
        "@@log_replica_updates AS log_replica_updates",
        "@@gtid_mode AS gtid_mode",
        "@@gtid_executed AS gtid_executed",
      ];
    case "mysql80":
    case "mysql57":
      // log_slave_updates exists in every 5.7 and 8.0 (deprecated alias from 8.0.26).
      return [
        ...common,
        "@@super_read_only AS super_read_only",
        "@@log_slave_updates AS log_replica_updates",
        "@@gtid_mode AS gtid_mode",
        "@@gtid_executed AS gtid_executed",
      ];
  }
}

/** One round trip for ServerVariables. */
export function variablesSql(dialect: Dialect): string {
  return `SELECT ${variableColumns(dialect).join(", ")}`;
}

/** The replica status statement; every form returns zero rows on a server that is not a replica. */
export function replicationStatusSql(dialect: Dialect): string {
  switch (dialect) {
    case "mariadb":
      // ALL: every named connection (multi-source), each row carries Connection_name.
      return "SHOW ALL SLAVES STATUS";
    case "mysql80":
    case "mysql84":
      return "SHOW REPLICA STATUS";
    case "mysql57":
      return "SHOW SLAVE STATUS";
  }
}

/** Status counters GlobalStatus is built from, fetched by name to keep the result small. */
export const GLOBAL_STATUS_NAMES = [
  "Uptime",
  "Questions",
  "Com_insert",
  "Com_insert_select",
  "Com_update",
  "Com_update_multi",
  "Com_delete",
  "Com_delete_multi",
  "Com_replace",
  "Com_replace_select",
  "Threads_running",
  "Threads_connected",
] as const;

export const GLOBAL_STATUS_SQL = `SHOW GLOBAL STATUS WHERE Variable_name IN (${GLOBAL_STATUS_NAMES.map(
  (n) => `'${n}'`,
).join(", ")})`;

/**
 * Where a SELECT can read global status: information_schema on MariaDB; performance_schema on
 * MySQL 5.7.6+, where it is empty while performance_schema is OFF (the caller checks).
 */
export function globalStatusTable(dialect: Dialect): string {
  return dialect === "mariadb" ? "information_schema.GLOBAL_STATUS" : "performance_schema.global_status";
}

/** The column of a folded poll row that holds one global status counter. */
export function statusColumn(name: (typeof GLOBAL_STATUS_NAMES)[number]): string {
  return `status_${name.toLowerCase()}`;
}

/** GLOBAL_STATUS_NAMES as one row, a statusColumn each (names compared upper-cased: MariaDB's are). */
function globalStatusRowSql(dialect: Dialect): string {
  const columns = GLOBAL_STATUS_NAMES.map(
    (n) => `MAX(CASE WHEN UPPER(VARIABLE_NAME) = '${n.toUpperCase()}' THEN VARIABLE_VALUE END) AS ${statusColumn(n)}`,
  );
  const names = GLOBAL_STATUS_NAMES.map((n) => `'${n.toUpperCase()}'`).join(", ");
  return `SELECT ${columns.join(", ")} FROM ${globalStatusTable(dialect)} WHERE UPPER(VARIABLE_NAME) IN (${names})`;
}

/** What a poll's variables SELECT reads besides the variables. */
export interface PollFolds {
  /** the global status counters, instead of GLOBAL_STATUS_SQL */
  status: boolean;
  /** the heartbeat rows of this database's table (which must exist), instead of heartbeatReadSql */
  heartbeatDatabase: string | null;
}

/**
 * The variables SELECT with global status and heartbeat ages folded in: one statement instead of
 * three. One row per heartbeat row (the variables and counters repeated on each), or one row with
 * NULL heartbeat_server_id when the table is empty. Without folds it is variablesSql.
 */
export function pollSql(dialect: Dialect, folds: PollFolds): string {
  if (!folds.status && folds.heartbeatDatabase == null) return variablesSql(dialect);
  const columns = [
    ...variableColumns(dialect),
    ...(folds.status ? GLOBAL_STATUS_NAMES.map((n) => `s.${statusColumn(n)}`) : []),
    ...(folds.heartbeatDatabase == null ? [] : ["h.server_id AS heartbeat_server_id", "h.age_us AS heartbeat_age_us"]),
  ];
  const from = folds.status ? `(${globalStatusRowSql(dialect)}) AS s` : "(SELECT 1 AS one) AS s";
  const heartbeat = folds.heartbeatDatabase == null ? "" : ` LEFT JOIN (${heartbeatReadSql(folds.heartbeatDatabase)}) AS h ON 1 = 1`;
  return `SELECT ${columns.join(", ")} FROM ${from}${heartbeat}`;
}

/** FULL: Info holds the whole statement, not its first 100 characters. */
export const PROCESSLIST_SQL = "SHOW FULL PROCESSLIST";

/** pt-heartbeat's ts format: UTC 'YYYY-MM-DDTHH:MM:SS.ffffff'. */
const HEARTBEAT_TS_FORMAT = "%Y-%m-%dT%H:%i:%s.%f";

/** Heartbeat ages measured on the reading server's own clock, in microseconds. */
export function heartbeatReadSql(database: string): string {
  return (
    `SELECT server_id, TIMESTAMPDIFF(MICROSECOND, STR_TO_DATE(ts, '${HEARTBEAT_TS_FORMAT}'), UTC_TIMESTAMP(6)) AS age_us ` +
    `FROM ${quoteDatabase(database)}.\`heartbeat\``
  );
}

/** One statement: the timestamp comes from the writer's clock, server_id is the one parameter. */
export function heartbeatWriteSql(database: string): string {
  return (
    `INSERT INTO ${quoteDatabase(database)}.\`heartbeat\` (ts, server_id) ` +
    `VALUES (DATE_FORMAT(UTC_TIMESTAMP(6), '${HEARTBEAT_TS_FORMAT}'), ?) ` +
    `ON DUPLICATE KEY UPDATE ts = VALUES(ts)`
  );
}

/** CREATE DATABASE and CREATE TABLE in pt-heartbeat's shape, both idempotent. */
export function heartbeatTableSql(database: string): string[] {
  const db = quoteDatabase(database);
  return [
    `CREATE DATABASE IF NOT EXISTS ${db}`,
    `CREATE TABLE IF NOT EXISTS ${db}.\`heartbeat\` (` +
      "ts varchar(26) NOT NULL, " +
      "server_id int unsigned NOT NULL PRIMARY KEY, " +
      "file varchar(255) DEFAULT NULL, " +
      "position bigint unsigned DEFAULT NULL, " +
      "relay_master_log_file varchar(255) DEFAULT NULL, " +
      "exec_master_log_pos bigint unsigned DEFAULT NULL" +
      ")",
  ];
}

export type KillMode = "query" | "connection";

/** KILL QUERY stops the statement and keeps the session; KILL CONNECTION ends both. */
export function killSql(threadId: number, mode: KillMode): string {
  if (!Number.isSafeInteger(threadId) || threadId <= 0) {
    throw new Error(`invalid thread id ${threadId}`);
  }
  return `KILL ${mode === "query" ? "QUERY" : "CONNECTION"} ${threadId}`;
}

/**
 * Statements that make a server read-only or writable. Order matters on MySQL:
 * super_read_only=ON implies read_only=ON, and read_only=OFF implies super_read_only=OFF,
 * so going up sets read_only first and going down clears super_read_only first.
 */
export function readOnlySql(dialect: Dialect, on: boolean): string[] {
  if (!hasSuperReadOnly(dialect))
    return [`SET GLOBAL read_only = ${on ? "ON" : "OFF"}`];
  return on
    ? ["SET GLOBAL read_only = ON", "SET GLOBAL super_read_only = ON"]
    : ["SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF"];
}

/** The kinds of statement that write rows, as DIGEST_TEXT starts (comments are never in a digest). */
const WRITE_DIGEST_FILTER =
  "UPPER(LEFT(DIGEST_TEXT, 8)) REGEXP '^(INSERT|UPDATE|DELETE|REPLACE)'";

/**
 * Write statements from performance_schema's digest summary, most rows written first. With
 * `activeWithinSeconds`, only digests that ran in that many seconds (LAST_SEEN on the server's
 * clock), so a big digest table costs little once a baseline has been read. Ages, not
 * timestamps, so neither side's time zone matters. Parameters: [activeWithinSeconds?, limit].
 */
export function statementDigestsSql(opts: { activeWithinSeconds: number | null }): string {
  return (
    "SELECT DIGEST AS digest, DIGEST_TEXT AS digest_text, SCHEMA_NAME AS schema_name, " +
    "COUNT_STAR AS count_star, SUM_TIMER_WAIT AS sum_timer_wait, MAX_TIMER_WAIT AS max_timer_wait, " +
    "SUM_ROWS_AFFECTED AS sum_rows_affected, " +
    "TIMESTAMPDIFF(MICROSECOND, FIRST_SEEN, NOW(6)) AS first_seen_age_us, " +
    "TIMESTAMPDIFF(MICROSECOND, LAST_SEEN, NOW(6)) AS last_seen_age_us " +
    "FROM performance_schema.events_statements_summary_by_digest " +
    `WHERE DIGEST IS NOT NULL AND ${WRITE_DIGEST_FILTER}` +
    (opts.activeWithinSeconds == null ? "" : " AND LAST_SEEN >= NOW(6) - INTERVAL ? SECOND") +
    " ORDER BY SUM_ROWS_AFFECTED DESC LIMIT ?"
  );
}

/**
 * user@host per digest: the statement events performance_schema still holds (current, per-thread
 * history, history_long; each empty when its consumer is off) joined with the threads that are
 * still connected. Neither MySQL nor MariaDB keeps a per-digest, per-account summary, so a
 * statement whose session has gone is not attributed here. Parameter: the digests, as a list.
 */
export const DIGEST_ACCOUNTS_SQL =
  "SELECT e.DIGEST AS digest, t.PROCESSLIST_USER AS user, t.PROCESSLIST_HOST AS host, " +
  "COUNT(*) AS statements, MAX(LEFT(e.SQL_TEXT, 2000)) AS example " +
  "FROM (" +
  "SELECT THREAD_ID, DIGEST, SQL_TEXT FROM performance_schema.events_statements_current " +
  "UNION ALL SELECT THREAD_ID, DIGEST, SQL_TEXT FROM performance_schema.events_statements_history " +
  "UNION ALL SELECT THREAD_ID, DIGEST, SQL_TEXT FROM performance_schema.events_statements_history_long" +
  ") e JOIN performance_schema.threads t ON t.THREAD_ID = e.THREAD_ID " +
  "WHERE e.DIGEST IN (?) AND t.PROCESSLIST_USER IS NOT NULL " +
  "GROUP BY e.DIGEST, t.PROCESSLIST_USER, t.PROCESSLIST_HOST";
