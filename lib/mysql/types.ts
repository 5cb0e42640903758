/**
 * What lib/mysql reads from one server, normalised across dialects.
 * Every other module works with these shapes, never with raw result rows.
 */

/** mysql57: SHOW SLAVE STATUS, Master_*; mysql80: 8.0.22+ SHOW REPLICA STATUS, Source_*;
 *  mysql84: no old syntax at all; mariadb: 10.5+/11, SHOW ALL SLAVES STATUS with Slave_* and Master_* names. */
export type Dialect = "mysql57" | "mysql80" | "mysql84" | "mariadb";

export interface ServerVariables {
  serverId: number;
  version: string;
  dialect: Dialect;
  readOnly: boolean;
  /** null where the server has no super_read_only (MariaDB). */
  superReadOnly: boolean | null;
  logBin: boolean;
  /** log_slave_updates / log_replica_updates; null when unknown. */
  logReplicaUpdates: boolean | null;
  /** MySQL gtid_mode (ON, OFF, ...); MariaDB has GTID always, reported as "ON". */
  gtidMode: string | null;
  /** MySQL gtid_executed; MariaDB gtid_binlog_pos (what this server wrote to its binlog). */
  gtidExecuted: string | null;
  /** MariaDB gtid_current_pos; MySQL: same as gtidExecuted. */
  gtidCurrentPos: string | null;
  maxConnections: number;
  /** @@performance_schema: whether statement digests can be read. Absent when not asked. */
  performanceSchema?: boolean;
}

export type IoThreadState = "running" | "connecting" | "stopped";

/** One replication channel (MariaDB: connection) of a replica. */
export interface ReplicationChannel {
  /** "" for the default channel. */
  channel: string;
  sourceHost: string;
  sourcePort: number;
  sourceServerId: number | null;
  ioState: IoThreadState;
  ioRunning: boolean;
  sqlRunning: boolean;
  /** Seconds_Behind_Master / Seconds_Behind_Source: null with a stopped SQL thread. */
  secondsBehindSource: number | null;
  lastIoErrno: number;
  /** Last_IO_Error / Last_SQL_Error, masked (see maskSecrets): they may quote a statement's literals. */
  lastIoError: string | null;
  lastSqlErrno: number;
  lastSqlError: string | null;
  /** The source binlog the IO thread reads, and how far. */
  readSourceLogFile: string | null;
  readSourceLogPos: number | null;
  /** The source binlog position the SQL thread has executed up to. */
  execSourceLogFile: string | null;
  execSourceLogPos: number | null;
  relayLogFile: string | null;
  relayLogPos: number | null;
  /** MySQL Retrieved_Gtid_Set; MariaDB Gtid_IO_Pos. */
  retrievedGtidSet: string | null;
  /** MySQL Executed_Gtid_Set; MariaDB gtid_slave_pos is read from variables instead (null here). */
  executedGtidSet: string | null;
  /** MySQL Auto_Position=1 or MariaDB Using_Gtid != No. */
  usingGtid: boolean;
  /** Slave_SQL_Running_State / Replica_SQL_Running_State. */
  sqlThreadState: string | null;
}

/** Counters and gauges from SHOW GLOBAL STATUS. Counters are monotonic since start. */
export interface GlobalStatus {
  uptimeSeconds: number;
  questions: number;
  comInsert: number;
  comUpdate: number;
  comDelete: number;
  comReplace: number;
  threadsRunning: number;
  threadsConnected: number;
}

export interface ProcessRow {
  id: number;
  user: string;
  host: string;
  db: string | null;
  command: string;
  timeSeconds: number;
  state: string | null;
  /** The statement, its first 16 KiB at most. */
  info: string | null;
  /** Present when `info` is cut: the full statement's length in characters. */
  infoLength?: number;
}

/** One row of the pt-heartbeat table as seen on one server, aged by that server's clock. */
export interface HeartbeatRow {
  serverId: number;
  ageSeconds: number;
}

/**
 * One row of performance_schema.events_statements_summary_by_digest: counters are cumulative
 * since the digest was first seen (or the table was truncated), never per poll.
 */
export interface StatementDigest {
  /** The digest hash (MariaDB: MD5 hex, MySQL 8: SHA-256 hex). */
  digest: string;
  /** The normalised statement (literals as ?), possibly truncated by max_digest_length. */
  digestText: string;
  /** Present when `digestText` is cut to 16 KiB: its full length. */
  digestTextLength?: number;
  /** The session's default database when it ran, not necessarily the table's. */
  schema: string | null;
  executions: number;
  /** SUM_TIMER_WAIT in seconds (the server counts picoseconds). */
  totalSeconds: number;
  /** MAX_TIMER_WAIT in seconds: the slowest execution since firstSeenAt. */
  maxSeconds: number;
  rowsAffected: number;
  /** FIRST_SEEN and LAST_SEEN on the reader's clock (ms), measured as ages on the server's clock. */
  firstSeenAt: number;
  lastSeenAt: number;
}

/** Who ran a digest, from recent statement events joined with the threads still connected. */
export interface DigestAccount {
  digest: string;
  user: string;
  /** Client host without port, as performance_schema.threads reports it. */
  host: string;
  /** Statement events of this digest by this account still held in the event tables. */
  statements: number;
  /** One real statement text of this digest by this account, when the server kept one. */
  example: string | null;
  /** Present when `example` is cut to 16 KiB: its full length. */
  exampleLength?: number;
}
