/**
 * Raw result rows -> the normalised shapes in ./types. Pure: every dialect difference in
 * column names and value encodings is absorbed here, read by column name, never by position.
 */
import type {
  Dialect,
  GlobalStatus,
  HeartbeatRow,
  IoThreadState,
  ProcessRow,
  ReplicationChannel,
  ServerVariables,
  StatementDigest,
  DigestAccount,
} from "./types";
import { capStatementText, maskSecrets } from "@/lib/processlist/statement";
import { GLOBAL_STATUS_NAMES, statusColumn, type PollFolds } from "./statements";

export type Row = Record<string, unknown>;

/** Case-insensitive column access: SHOW PROCESSLIST says "Id", information_schema says "ID". */
function columns(row: Row): (...names: string[]) => unknown {
  const lower = new Map<string, unknown>();
  for (const [k, v] of Object.entries(row)) lower.set(k.toLowerCase(), v);
  return (...names) => {
    for (const name of names) {
      const key = name.toLowerCase();
      if (lower.has(key)) return lower.get(key);
    }
    return undefined;
  };
}

/** String value; Buffers (binary columns) decoded as UTF-8; NULL/missing -> null. */
export function asString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString("utf8");
  return String(value);
}

/** Like asString, but the empty string (how SHOW ... STATUS says "none") becomes null too. */
export function asText(value: unknown): string | null {
  const s = asString(value);
  return s === null || s === "" ? null : s;
}

/**
 * Statement text as the console holds it: the first 16 KiB (see capStatementText) and, when
 * that cut it, the full length, so that a multi-megabyte statement costs nothing after this.
 */
function asStatementText(value: unknown): { text: string | null; fullLength?: number } {
  const s = asText(value);
  return s === null ? { text: null } : capStatementText(s);
}

/**
 * A replication thread's error: it may quote the failed statement with its literals (a password
 * in a CREATE USER), so it is masked for everyone where it enters.
 */
function asErrorText(value: unknown): string | null {
  return maskSecrets(asStatementText(value).text);
}

/** Numbers arrive as numbers, bigint, or strings (DECIMAL, big BIGINT, SHOW STATUS values). */
export function asNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return Number(value);
  const s = asString(value);
  if (s === null || s.trim() === "") return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/**
 * Server booleans: 1/0, "ON"/"OFF", "Yes"/"No", "TRUE"/"FALSE". MariaDB 11.x read_only can be an
 * enum such as "NO_LOCK": any value that is not a recognised "off" counts as on.
 */
export function asBoolean(value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value;
  const n = asNumber(value);
  if (n !== null) return n !== 0;
  const s = asString(value)!.trim().toUpperCase();
  if (s === "" || s === "OFF" || s === "NO" || s === "FALSE") return false;
  return true;
}

/** GTID sets: MySQL wraps long gtid_executed values with newlines; "" means empty -> null. */
function asGtidSet(value: unknown): string | null {
  const s = asString(value);
  if (s === null) return null;
  const compact = s.replace(/\s+/g, "");
  return compact === "" ? null : compact;
}

/** Slave_IO_Running / Replica_IO_Running: Yes, No, Connecting (MariaDB also Preparing). */
export function ioThreadState(value: unknown): IoThreadState {
  const s = (asString(value) ?? "").trim().toLowerCase();
  if (s === "yes") return "running";
  if (s === "connecting" || s === "preparing") return "connecting";
  return "stopped";
}

/**
 * One row of SHOW SLAVE STATUS (mysql57), SHOW REPLICA STATUS (mysql80, mysql84) or
 * SHOW ALL SLAVES STATUS (mariadb). Both the Source_* and the Master_* names are accepted
 * whatever the dialect, so a row from the "other" statement form still reads correctly.
 */
export function normaliseReplicationRow(
  row: Row,
  dialect: Dialect,
): ReplicationChannel {
  const col = columns(row);
  const io = ioThreadState(col("Replica_IO_Running", "Slave_IO_Running"));
  const sourceServerId = asNumber(col("Source_Server_Id", "Master_Server_Id"));
  const usingGtid =
    dialect === "mariadb"
      ? !["", "no"].includes(
          (asString(col("Using_Gtid")) ?? "no").trim().toLowerCase(),
        )
      : asBoolean(col("Auto_Position")) === true;
  return {
    channel: asString(col("Channel_Name", "Connection_name")) ?? "",
    sourceHost: asString(col("Source_Host", "Master_Host")) ?? "",
    sourcePort: asNumber(col("Source_Port", "Master_Port")) ?? 0,
    // 0 means the IO thread has never talked to the source.
    sourceServerId: sourceServerId ? sourceServerId : null,
    ioState: io,
    ioRunning: io === "running",
    sqlRunning:
      (asString(col("Replica_SQL_Running", "Slave_SQL_Running")) ?? "")
        .trim()
        .toLowerCase() === "yes",
    secondsBehindSource: asNumber(
      col("Seconds_Behind_Source", "Seconds_Behind_Master"),
    ),
    lastIoErrno: asNumber(col("Last_IO_Errno")) ?? 0,
    lastIoError: asErrorText(col("Last_IO_Error")),
    lastSqlErrno: asNumber(col("Last_SQL_Errno")) ?? 0,
    lastSqlError: asErrorText(col("Last_SQL_Error")),
    readSourceLogFile: asText(col("Source_Log_File", "Master_Log_File")),
    readSourceLogPos: asNumber(
      col("Read_Source_Log_Pos", "Read_Master_Log_Pos"),
    ),
    execSourceLogFile: asText(
      col("Relay_Source_Log_File", "Relay_Master_Log_File"),
    ),
    execSourceLogPos: asNumber(
      col("Exec_Source_Log_Pos", "Exec_Master_Log_Pos"),
    ),
    relayLogFile: asText(col("Relay_Log_File")),
    relayLogPos: asNumber(col("Relay_Log_Pos")),
    retrievedGtidSet: asGtidSet(
      col(dialect === "mariadb" ? "Gtid_IO_Pos" : "Retrieved_Gtid_Set"),
    ),
    // MariaDB's applied position is gtid_slave_pos, a server variable (see ServerVariables).
    executedGtidSet:
      dialect === "mariadb" ? null : asGtidSet(col("Executed_Gtid_Set")),
    usingGtid,
    sqlThreadState: asText(
      col("Replica_SQL_Running_State", "Slave_SQL_Running_State"),
    ),
  };
}

/** The single row of variablesSql(dialect), read by its column aliases. */
export function normaliseVariables(
  row: Row,
  dialect: Dialect,
): ServerVariables {
  const col = columns(row);
  const gtidExecuted =
    dialect === "mariadb"
      ? asGtidSet(col("gtid_binlog_pos"))
      : asGtidSet(col("gtid_executed"));
  return {
    serverId: asNumber(col("server_id")) ?? 0,
    version: asString(col("version")) ?? "",
    dialect,
    readOnly: asBoolean(col("read_only")) ?? false,
    superReadOnly:
      dialect === "mariadb" ? null : asBoolean(col("super_read_only")),
    logBin: asBoolean(col("log_bin")) ?? false,
    logReplicaUpdates: asBoolean(
      col("log_replica_updates", "log_slave_updates"),
    ),
    // MariaDB always has GTIDs in its binlog; there is no gtid_mode to switch.
    gtidMode: dialect === "mariadb" ? "ON" : asText(col("gtid_mode")),
    gtidExecuted,
    gtidCurrentPos:
      dialect === "mariadb" ? asGtidSet(col("gtid_current_pos")) : gtidExecuted,
    maxConnections: asNumber(col("max_connections")) ?? 0,
    // undefined (not false) when the row did not say: an older caller's row, not an OFF server.
    performanceSchema: asBoolean(col("performance_schema")) ?? undefined,
  };
}

/**
 * SHOW GLOBAL STATUS rows (Variable_name, Value) -> GlobalStatus. Write counters include their
 * multi-table and ...SELECT variants (an INSERT ... SELECT batch job is a write storm too).
 * Missing counters read as 0.
 */
export function normaliseGlobalStatus(rows: Row[]): GlobalStatus {
  const values = new Map<string, number>();
  for (const row of rows) {
    const col = columns(row);
    const name = asString(col("Variable_name"));
    const value = asNumber(col("Value"));
    if (name !== null && value !== null) values.set(name.toLowerCase(), value);
  }
  const get = (...names: string[]) =>
    names.reduce((sum, n) => sum + (values.get(n.toLowerCase()) ?? 0), 0);
  return {
    uptimeSeconds: get("Uptime"),
    questions: get("Questions"),
    comInsert: get("Com_insert", "Com_insert_select"),
    comUpdate: get("Com_update", "Com_update_multi"),
    comDelete: get("Com_delete", "Com_delete_multi"),
    comReplace: get("Com_replace", "Com_replace_select"),
    threadsRunning: get("Threads_running"),
    threadsConnected: get("Threads_connected"),
  };
}

/** A row of SHOW FULL PROCESSLIST or information_schema.PROCESSLIST (any column case). */
export function normaliseProcessRow(row: Row): ProcessRow {
  const col = columns(row);
  const info = asStatementText(col("Info"));
  return {
    id: asNumber(col("Id")) ?? 0,
    user: asString(col("User")) ?? "",
    host: asString(col("Host")) ?? "",
    db: asText(col("db")),
    command: asString(col("Command")) ?? "",
    // MySQL shows a NULL or huge Time for some system threads; keep it a number.
    timeSeconds: asNumber(col("Time")) ?? 0,
    state: asText(col("State")),
    info: info.text,
    ...(info.fullLength !== undefined && { infoLength: info.fullLength }),
  };
}

/** Rows of heartbeatReadSql: (server_id, age_us) -> HeartbeatRow, dropping unparseable ts. */
export function normaliseHeartbeatRows(rows: Row[]): HeartbeatRow[] {
  const out: HeartbeatRow[] = [];
  for (const row of rows) {
    const col = columns(row);
    const serverId = asNumber(col("server_id"));
    const ageUs = asNumber(col("age_us"));
    if (serverId === null || ageUs === null) continue;
    // A writer clock slightly ahead of the reader's gives a small negative age: lag is never < 0.
    out.push({ serverId, ageSeconds: Math.max(0, ageUs / 1e6) });
  }
  return out;
}

/** What one pollSql answer holds; status or heartbeats null where they were not folded in (or came back empty). */
export interface PollRead {
  variables: ServerVariables;
  status: GlobalStatus | null;
  heartbeats: HeartbeatRow[] | null;
}

/** The rows of pollSql(dialect, folds): the variables and counters from the first, a heartbeat from each. */
export function normalisePollRows(rows: Row[], dialect: Dialect, folds: PollFolds): PollRead {
  const first = rows[0] ?? {};
  const col = columns(first);
  // Uptime is never missing on a live server: without it the status table answered nothing.
  const statusRows = GLOBAL_STATUS_NAMES.map((name) => ({ Variable_name: name, Value: col(statusColumn(name)) }));
  const status = folds.status && asNumber(col(statusColumn("Uptime"))) != null ? normaliseGlobalStatus(statusRows) : null;
  const heartbeats =
    folds.heartbeatDatabase == null
      ? null
      : normaliseHeartbeatRows(rows.map((r) => { const c = columns(r); return { server_id: c("heartbeat_server_id"), age_us: c("heartbeat_age_us") }; }));
  return { variables: normaliseVariables(first, dialect), status, heartbeats };
}

const PICOSECONDS_PER_SECOND = 1e12;

/**
 * A row of statementDigestsSql, read at `readAt` (ms on the reader's clock). Timer columns are
 * picoseconds (BIGINT UNSIGNED: may arrive as strings); FIRST_SEEN/LAST_SEEN come as ages.
 * null when the row has no digest (the "everything else" row of a full digest table).
 */
export function normaliseStatementDigest(row: Row, readAt: number): StatementDigest | null {
  const col = columns(row);
  const digest = asText(col("digest"));
  const { text: digestText, fullLength } = asStatementText(col("digest_text"));
  if (!digest || !digestText) return null;
  const ageMs = (name: string) => (asNumber(col(name)) ?? 0) / 1000;
  return {
    digest,
    digestText,
    ...(fullLength !== undefined && { digestTextLength: fullLength }),
    schema: asText(col("schema_name")),
    executions: asNumber(col("count_star")) ?? 0,
    totalSeconds: (asNumber(col("sum_timer_wait")) ?? 0) / PICOSECONDS_PER_SECOND,
    maxSeconds: (asNumber(col("max_timer_wait")) ?? 0) / PICOSECONDS_PER_SECOND,
    rowsAffected: asNumber(col("sum_rows_affected")) ?? 0,
    firstSeenAt: Math.round(readAt - ageMs("first_seen_age_us")),
    lastSeenAt: Math.round(readAt - ageMs("last_seen_age_us")),
  };
}

/** A row of DIGEST_ACCOUNTS_SQL; null without a digest or a user. */
export function normaliseDigestAccount(row: Row): DigestAccount | null {
  const col = columns(row);
  const digest = asText(col("digest"));
  const user = asText(col("user"));
  if (!digest || user === null) return null;
  const example = asStatementText(col("example"));
  return {
    digest,
    user,
    host: (asText(col("host")) ?? "").replace(/:\d+$/, ""),
    statements: asNumber(col("statements")) ?? 0,
    example: example.text,
    ...(example.fullLength !== undefined && { exampleLength: example.fullLength }),
  };
}
