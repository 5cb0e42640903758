import mysql from "mysql2/promise";
import type { ServerPaths } from "./paths";

export type Conn = mysql.Connection;

/** Root over the server's own socket; `password` "" before `up` has set one. */
export async function rootConnection(server: ServerPaths, password: string, connectTimeout = 2000): Promise<Conn> {
  return mysql.createConnection({
    socketPath: server.socket,
    user: "root",
    password,
    connectTimeout,
    supportBigNumbers: true,
    multipleStatements: false,
  });
}

/** A query with a timeout, so a frozen server never hangs the lab. */
export async function q<T = mysql.RowDataPacket[]>(
  conn: Conn,
  sql: string,
  values: unknown[] = [],
  timeout = 10_000,
): Promise<T> {
  const [rows] = await conn.query({ sql, values, timeout });
  return rows as T;
}

/** The schema and users every lab server gets through replication from db1. */
export function setupStatements(p: { replPassword: string; hotseatPassword: string; appPassword: string }): [string, unknown[]][] {
  return [
    ["CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY ?", [p.replPassword]],
    ["GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1'", []],

    ["CREATE USER 'hotseat'@'127.0.0.1' IDENTIFIED BY ?", [p.hotseatPassword]],
    // What the console needs, and nothing more (MariaDB 10.11 privilege names):
    //   PROCESS                  see every thread in SHOW PROCESSLIST, not just its own
    //   BINLOG MONITOR           SHOW MASTER STATUS / SHOW BINARY LOGS (was REPLICATION CLIENT)
    //   SLAVE MONITOR            SHOW SLAVE STATUS
    //   REPLICATION SLAVE ADMIN  STOP/START SLAVE, CHANGE MASTER, gtid_slave_pos: failover and revert
    //   READ_ONLY ADMIN          SET GLOBAL read_only on the old and the new writer (10.11: SUPER
    //                            no longer covers it). It also lets this user write despite
    //                            read_only, so the console must write its heartbeat on the writer only.
    //   CONNECTION ADMIN         KILL other users' queries and connections, and log in even when
    //                            max_connections is exhausted: exactly when the console is needed.
    // No SUPER, no BINLOG ADMIN (purging logs), no data access outside its own database.
    [
      "GRANT PROCESS, BINLOG MONITOR, SLAVE MONITOR, REPLICATION SLAVE ADMIN, READ_ONLY ADMIN, CONNECTION ADMIN ON *.* TO 'hotseat'@'127.0.0.1'",
      [],
    ],
    // Statement digests and recent statements (who is writing, by rows), where performance_schema
    // is ON (db1 in the lab); harmless where it is OFF. Read-only, and only instrumentation data.
    ["GRANT SELECT ON performance_schema.* TO 'hotseat'@'127.0.0.1'", []],
    ["CREATE DATABASE hotseat", []],
    // Its own heartbeat table (pt-heartbeat layout): written on the writer, read on every replica.
    ["GRANT SELECT, INSERT, UPDATE, CREATE ON hotseat.* TO 'hotseat'@'127.0.0.1'", []],
    [
      `CREATE TABLE hotseat.heartbeat (
        ts varchar(26) NOT NULL,
        server_id int unsigned NOT NULL PRIMARY KEY,
        file varchar(255) DEFAULT NULL,
        position bigint unsigned DEFAULT NULL,
        relay_master_log_file varchar(255) DEFAULT NULL,
        exec_master_log_pos bigint unsigned DEFAULT NULL
      ) ENGINE=InnoDB`,
      [],
    ],

    ["CREATE DATABASE shop", []],
    [
      `CREATE TABLE shop.products (
        id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
        name varchar(100) NOT NULL,
        price_cents int unsigned NOT NULL,
        stock int NOT NULL DEFAULT 0
      ) ENGINE=InnoDB`,
      [],
    ],
    [
      `CREATE TABLE shop.orders (
        id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
        product_id int unsigned NOT NULL,
        quantity int unsigned NOT NULL,
        customer varchar(64) NOT NULL,
        written_on varchar(16) NOT NULL COMMENT 'the server that took the write',
        created_at datetime(3) NOT NULL DEFAULT current_timestamp(3),
        KEY created_at (created_at),
        KEY product_id (product_id)
      ) ENGINE=InnoDB`,
      [],
    ],
    // A nightly reconciliation table nobody indexed. In ROW format every row an UPDATE touches
    // makes the replica scan the whole table: the batch-lag scenario's real cause of lag.
    [
      `CREATE TABLE shop.order_ledger (
        order_ref int unsigned NOT NULL,
        account varchar(32) NOT NULL,
        amount_cents int NOT NULL,
        reconciled_at datetime DEFAULT NULL
      ) ENGINE=InnoDB`,
      [],
    ],
    [
      `INSERT INTO shop.products (name, price_cents, stock) VALUES
        ('Espresso beans 1 kg', 2490, 120), ('Pour-over kettle', 5900, 35), ('Burr grinder', 14900, 12),
        ('Paper filters x100', 690, 400), ('Ceramic dripper', 2900, 60), ('Milk jug 600 ml', 1990, 80),
        ('Scale 0.1 g', 3900, 44), ('Cold brew bottle', 2400, 70)`,
      [],
    ],
    [
      `INSERT INTO shop.orders (product_id, quantity, customer, written_on) VALUES
        (1, 2, 'ada', 'db1'), (3, 1, 'grace', 'db1'), (2, 1, 'linus', 'db1'), (4, 5, 'margaret', 'db1'),
        (5, 1, 'ken', 'db1'), (1, 1, 'barbara', 'db1'), (7, 1, 'edsger', 'db1'), (8, 3, 'donald', 'db1')`,
      [],
    ],

    ["CREATE USER 'app'@'127.0.0.1' IDENTIFIED BY ?", [p.appPassword]],
    ["GRANT SELECT, INSERT, UPDATE, DELETE ON shop.* TO 'app'@'127.0.0.1'", []],
  ];
}

/**
 * CHANGE MASTER for a lab replica: GTID from its own slave position, quick reconnects. `connection`:
 * a MariaDB named connection (multi-source), "" for the default one.
 */
export function changeMasterSql(sourcePort: number, connection = ""): string {
  if (!/^[A-Za-z0-9_]*$/.test(connection)) throw new Error(`bad connection name ${connection}`);
  return (
    `CHANGE MASTER ${connection ? `'${connection}' ` : ""}TO MASTER_HOST='127.0.0.1', MASTER_PORT=${sourcePort}, ` +
    `MASTER_USER='repl', MASTER_PASSWORD=?, MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1`
  );
}

export interface ReplicaStatusSummary {
  sourcePort: number | null;
  ioRunning: string;
  sqlRunning: string;
  secondsBehindMaster: number | null;
  lastError: string | null;
  gtidIoPos: string | null;
  sqlState: string | null;
}

/**
 * The first replication connection reduced to what the lab prints (every one of them: SHOW ALL
 * SLAVES STATUS, so a multi-source replica's named connections count); null when the server
 * replicates from nobody.
 */
export async function replicaStatus(conn: Conn, timeout = 3000): Promise<ReplicaStatusSummary | null> {
  const rows = await q<mysql.RowDataPacket[]>(conn, "SHOW ALL SLAVES STATUS", [], timeout);
  const r = rows[0];
  if (!r) return null;
  const sbm = r.Seconds_Behind_Master;
  const err = [r.Last_IO_Error, r.Last_SQL_Error].filter(Boolean).join("; ");
  return {
    sourcePort: r.Master_Port ?? null,
    ioRunning: String(r.Slave_IO_Running),
    sqlRunning: String(r.Slave_SQL_Running),
    secondsBehindMaster: sbm === null || sbm === undefined ? null : Number(sbm),
    lastError: err || null,
    gtidIoPos: r.Gtid_IO_Pos ?? null,
    sqlState: r.Slave_SQL_Running_State ?? null,
  };
}

/** Wait until `conn`'s server has applied `gtidPos`; false on timeout. */
export async function waitForGtid(conn: Conn, gtidPos: string, timeoutSeconds: number): Promise<boolean> {
  if (!gtidPos) return true;
  const rows = await q<mysql.RowDataPacket[]>(
    conn,
    "SELECT MASTER_GTID_WAIT(?, ?) AS r",
    [gtidPos, timeoutSeconds],
    (timeoutSeconds + 5) * 1000,
  );
  return Number(rows[0].r) === 0;
}
