/**
 * The statements a writer failover sends: bounded read-only switches, waiting for a GTID position,
 * the binary log position, and repointing a replica. Used by lib/actions/failover after its checks.
 * The builders are pure so the SQL per dialect is unit-tested without a server.
 */
import type { Dialect } from "./types";
import { hasSuperReadOnly } from "./dialect";
import { query, type Connection } from "./connection";
import { asNumber, asString } from "./normalise";
import { readOnlySql } from "./statements";

/** One statement with its parameters (mysql2 escapes them client-side). */
export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * SET GLOBAL read_only waits for the global read lock behind running commits and DDL; without a
 * bound it waits lock_wait_timeout (a year by default). Session-level, so only our own wait is short.
 */
export function lockWaitSql(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  return `SET SESSION lock_wait_timeout = ${s}`;
}

/** The read_only switch with a bounded lock wait first: what a failover sends to either writer. */
export function boundedReadOnlySql(dialect: Dialect, on: boolean, lockWaitSeconds: number): string[] {
  return [lockWaitSql(lockWaitSeconds), ...readOnlySql(dialect, on)];
}

/** read_only (and super_read_only where it exists) on or off, never waiting on locks longer than timeoutMs. */
export async function setReadOnlyWithin(conn: Connection, dialect: Dialect, on: boolean, timeoutMs: number): Promise<void> {
  for (const sql of boundedReadOnlySql(dialect, on, Math.max(1, Math.floor(timeoutMs / 1000))))
    await query(conn, sql, [], timeoutMs);
}

/** Whether the server has super_read_only, for the step's words. */
export function readOnlyWords(dialect: Dialect): string {
  return hasSuperReadOnly(dialect) ? "read_only + super_read_only" : "read_only";
}

/**
 * Wait on a replica until it has applied a GTID position. MariaDB MASTER_GTID_WAIT answers 0 when
 * reached, -1 on timeout; MySQL WAIT_FOR_EXECUTED_GTID_SET answers 0 when reached, 1 on timeout.
 * Both take the timeout in seconds (fractions allowed).
 */
export function gtidWaitSql(dialect: Dialect, gtid: string, timeoutSeconds: number): Statement {
  const t = Math.max(0, Math.round(timeoutSeconds * 1000) / 1000);
  return dialect === "mariadb"
    ? { sql: "SELECT MASTER_GTID_WAIT(?, ?) AS reached", params: [gtid, t] }
    : { sql: "SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?) AS reached", params: [gtid, t] };
}

/** True when the server applied `gtid` within timeoutMs; false on timeout. An empty position is reached at once. */
export async function waitForGtid(conn: Connection, dialect: Dialect, gtid: string, timeoutMs: number): Promise<boolean> {
  if (!gtid.trim()) return true;
  const { sql, params } = gtidWaitSql(dialect, gtid, timeoutMs / 1000);
  // The query deadline leaves the server its own timeout plus a round trip.
  const [row] = await query(conn, sql, params, timeoutMs + 2000);
  return asNumber(row?.reached) === 0;
}

/** The writer's own binlog coordinates (SHOW MASTER STATUS; 8.4: SHOW BINARY LOG STATUS). */
export function binlogStatusSql(dialect: Dialect): string {
  return dialect === "mysql84" ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS";
}

export interface BinlogPosition {
  file: string;
  position: number;
}

/** Where this server writes its binary log now; null when binary logging is off. Needs BINLOG MONITOR / REPLICATION CLIENT. */
export async function readBinlogPosition(conn: Connection, dialect: Dialect, timeoutMs: number): Promise<BinlogPosition | null> {
  const [row] = await query(conn, binlogStatusSql(dialect), [], timeoutMs);
  const file = asString(row?.File);
  const position = asNumber(row?.Position);
  return file && position != null ? { file, position } : null;
}

export interface ReplicationSourceAddress {
  host: string;
  port: number;
}

const HOST = /^[A-Za-z0-9._:-]{1,255}$/;

/**
 * Point a replica at a new source and resume from its own GTID position: stop, change, start.
 * Only host and port change; user, password and the other options keep their values (CHANGE
 * MASTER keeps what it is not told). MariaDB resumes from gtid_slave_pos; MySQL uses auto-position.
 */
export function repointReplicaSql(dialect: Dialect, source: ReplicationSourceAddress): Statement[] {
  if (!HOST.test(source.host)) throw new Error(`invalid source host ${JSON.stringify(source.host)}`);
  if (!Number.isInteger(source.port) || source.port < 1 || source.port > 65535) throw new Error(`invalid source port ${source.port}`);
  const at = [source.host, source.port];
  switch (dialect) {
    case "mariadb":
      return [
        { sql: "STOP SLAVE", params: [] },
        { sql: "CHANGE MASTER TO MASTER_HOST = ?, MASTER_PORT = ?, MASTER_USE_GTID = slave_pos", params: at },
        { sql: "START SLAVE", params: [] },
      ];
    case "mysql84":
      return [
        { sql: "STOP REPLICA", params: [] },
        { sql: "CHANGE REPLICATION SOURCE TO SOURCE_HOST = ?, SOURCE_PORT = ?, SOURCE_AUTO_POSITION = 1", params: at },
        { sql: "START REPLICA", params: [] },
      ];
    case "mysql80":
      // CHANGE REPLICATION SOURCE only exists from 8.0.23; CHANGE MASTER works in every 8.0.
      return [
        { sql: "STOP REPLICA", params: [] },
        { sql: "CHANGE MASTER TO MASTER_HOST = ?, MASTER_PORT = ?, MASTER_AUTO_POSITION = 1", params: at },
        { sql: "START REPLICA", params: [] },
      ];
    case "mysql57":
      return [
        { sql: "STOP SLAVE", params: [] },
        { sql: "CHANGE MASTER TO MASTER_HOST = ?, MASTER_PORT = ?, MASTER_AUTO_POSITION = 1", params: at },
        { sql: "START SLAVE", params: [] },
      ];
  }
}

/** Repoint one replica (see repointReplicaSql); each statement within timeoutMs. */
export async function repointReplica(
  conn: Connection,
  dialect: Dialect,
  source: ReplicationSourceAddress,
  timeoutMs: number,
): Promise<void> {
  for (const { sql, params } of repointReplicaSql(dialect, source)) await query(conn, sql, params, timeoutMs);
}
