import { describe, expect, it } from "vitest";
import {
  asBoolean,
  asNumber,
  asText,
  ioThreadState,
  normaliseGlobalStatus,
  normaliseHeartbeatRows,
  normaliseProcessRow,
  normaliseReplicationRow,
  normaliseVariables,
} from "./normalise";
import type { ReplicationChannel } from "./types";
import * as maria from "./fixtures/mariadb-10.11";
import * as my57 from "./fixtures/mysql-5.7";
import * as my80 from "./fixtures/mysql-8.0";
import * as my84 from "./fixtures/mysql-8.4";

describe("normaliseReplicationRow: MariaDB 10.11 SHOW ALL SLAVES STATUS (captured)", () => {
  it("reads a healthy GTID replica", () => {
    expect(
      normaliseReplicationRow(maria.mariadbReplicaHealthy, "mariadb"),
    ).toEqual<ReplicationChannel>({
      channel: "",
      sourceHost: "127.0.0.1",
      sourcePort: 43306,
      sourceServerId: 901,
      ioState: "running",
      ioRunning: true,
      sqlRunning: true,
      secondsBehindSource: 0,
      lastIoErrno: 0,
      lastIoError: null,
      lastSqlErrno: 0,
      lastSqlError: null,
      readSourceLogFile: "mysql-bin.000001",
      readSourceLogPos: 1552,
      execSourceLogFile: "mysql-bin.000001",
      execSourceLogPos: 1552,
      relayLogFile: "p2-relay-bin.000002",
      relayLogPos: 1851,
      retrievedGtidSet: "0-901-7",
      executedGtidSet: null,
      usingGtid: true,
      sqlThreadState: "Slave has read all relay log; waiting for more updates",
    });
  });

  it("reads lag and the applier's distance behind the IO thread", () => {
    const ch = normaliseReplicationRow(maria.mariadbReplicaDelayed, "mariadb");
    expect(ch.secondsBehindSource).toBe(7);
    expect(ch.readSourceLogPos).toBe(1762);
    expect(ch.execSourceLogPos).toBe(1552);
    expect(ch.retrievedGtidSet).toBe("0-901-8");
    expect(ch.sqlThreadState).toBe(
      "Waiting until MASTER_DELAY seconds after master executed event",
    );
  });

  it("reads a stopped SQL thread with its error and a NULL lag", () => {
    const [main] = maria.mariadbReplicaBrokenRows.map((r) =>
      normaliseReplicationRow(r, "mariadb"),
    );
    expect(main).toMatchObject({
      channel: "",
      ioState: "running",
      ioRunning: true,
      sqlRunning: false,
      secondsBehindSource: null,
      lastIoErrno: 0,
      lastIoError: null,
      lastSqlErrno: 1950,
      sqlThreadState: null,
    });
    expect(main.lastSqlError).toMatch(
      /^An attempt was made to binlog GTID 0-901-5/,
    );
  });

  it("reads a named connection whose IO thread is still connecting", () => {
    const dead = normaliseReplicationRow(
      maria.mariadbReplicaBrokenRows[1],
      "mariadb",
    );
    expect(dead).toMatchObject({
      channel: "dead",
      sourcePort: 43399,
      sourceServerId: null, // Master_Server_Id 0: never connected
      ioState: "connecting",
      ioRunning: false,
      sqlRunning: true,
      secondsBehindSource: null,
      lastIoErrno: 2003,
      readSourceLogFile: null, // "" before the first connect
      usingGtid: true, // Current_Pos
    });
    expect(dead.lastIoError).toContain("Connection refused");
  });

  it("treats Using_Gtid: No as file/position replication", () => {
    const row = { ...maria.mariadbReplicaHealthy, Using_Gtid: "No" };
    expect(normaliseReplicationRow(row, "mariadb").usingGtid).toBe(false);
  });
});

describe("normaliseReplicationRow: MySQL 5.7 SHOW SLAVE STATUS", () => {
  it("reads Master_*/Slave_* columns", () => {
    expect(
      normaliseReplicationRow(my57.mysql57ReplicaHealthy, "mysql57"),
    ).toEqual<ReplicationChannel>({
      channel: "",
      sourceHost: "db1.lab",
      sourcePort: 3306,
      sourceServerId: 1,
      ioState: "running",
      ioRunning: true,
      sqlRunning: true,
      secondsBehindSource: 0,
      lastIoErrno: 0,
      lastIoError: null,
      lastSqlErrno: 0,
      lastSqlError: null,
      readSourceLogFile: "mysql-bin.000012",
      readSourceLogPos: 48213377,
      execSourceLogFile: "mysql-bin.000012",
      execSourceLogPos: 48213377,
      relayLogFile: "db3-relay-bin.000034",
      relayLogPos: 48213590,
      retrievedGtidSet: "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-52841",
      // MySQL wraps the set with a newline after each comma: removed.
      executedGtidSet:
        "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-52841,4f6bd1b0-71ca-11e1-9e33-c80aa9429562:1-12",
      usingGtid: true,
      sqlThreadState: "Slave has read all relay log; waiting for more updates",
    });
  });

  it("reads numbers sent as strings, and empty GTID sets as null", () => {
    const ch = normaliseReplicationRow(
      my57.mysql57ReplicaLaggingAsStrings,
      "mysql57",
    );
    expect(ch).toMatchObject({
      sourcePort: 3306,
      sourceServerId: 1,
      secondsBehindSource: 142,
      lastIoErrno: 0,
      lastSqlErrno: 0,
      execSourceLogFile: "mysql-bin.000011",
      execSourceLogPos: 1073741512,
      retrievedGtidSet: null,
      executedGtidSet: null,
      usingGtid: false,
      lastSqlError: null,
    });
  });
});

describe("normaliseReplicationRow: MySQL 8.0 SHOW REPLICA STATUS", () => {
  it("reads Source_*/Replica_* columns of a named channel with a connecting IO thread", () => {
    expect(
      normaliseReplicationRow(my80.mysql80ReplicaConnecting, "mysql80"),
    ).toEqual<ReplicationChannel>({
      channel: "db1",
      sourceHost: "db1.lab",
      sourcePort: 3306,
      sourceServerId: 1,
      ioState: "connecting",
      ioRunning: false,
      sqlRunning: true,
      secondsBehindSource: null,
      lastIoErrno: 2003,
      lastIoError:
        "error connecting to source 'repl@db1.lab:3306' - retry-time: 60 retries: 4 message: Can't connect to MySQL server on 'db1.lab:3306' (111)",
      lastSqlErrno: 0,
      lastSqlError: null,
      readSourceLogFile: "binlog.000007",
      readSourceLogPos: 9182734,
      execSourceLogFile: "binlog.000007",
      execSourceLogPos: 9182734,
      relayLogFile: "db4-relay-bin-db1.000019",
      relayLogPos: 9182947,
      retrievedGtidSet: "8a94f357-aab4-11df-86ab-c80aa9429562:1-20511",
      executedGtidSet: "8a94f357-aab4-11df-86ab-c80aa9429562:1-20511",
      usingGtid: true,
      sqlThreadState:
        "Replica has read all relay log; waiting for more updates",
    });
  });
});

describe("normaliseReplicationRow: MySQL 8.4 SHOW REPLICA STATUS", () => {
  it("reads a stopped applier with its error", () => {
    const ch = normaliseReplicationRow(my84.mysql84ReplicaSqlError, "mysql84");
    expect(ch).toMatchObject({
      channel: "",
      ioState: "running",
      ioRunning: true,
      sqlRunning: false,
      secondsBehindSource: null,
      lastSqlErrno: 1062,
      lastIoError: null,
      sqlThreadState: null,
      readSourceLogPos: 5512,
      execSourceLogPos: 997,
      executedGtidSet:
        "b8f4a3c2-8e51-11ef-9a3a-0242ac120002:1-41,c1d2e3f4-8e51-11ef-9a3a-0242ac120003:1-3",
    });
    expect(ch.lastSqlError).toMatch(/^Coordinator stopped/);
  });
});

describe("normaliseVariables", () => {
  it("MariaDB source: no super_read_only, GTID from gtid_binlog_pos / gtid_current_pos", () => {
    expect(normaliseVariables(maria.mariadbSourceVariables, "mariadb")).toEqual(
      {
        serverId: 901,
        version: "10.11.19-MariaDB-0+deb12u1-log",
        dialect: "mariadb",
        readOnly: false,
        superReadOnly: null,
        logBin: true,
        logReplicaUpdates: true,
        gtidMode: "ON",
        gtidExecuted: "0-901-6",
        gtidCurrentPos: "0-901-6",
        maxConnections: 151,
        performanceSchema: false,
      },
    );
  });

  it("MariaDB replica is read-only", () => {
    const v = normaliseVariables(maria.mariadbReplicaVariables, "mariadb");
    expect(v).toMatchObject({
      serverId: 902,
      readOnly: true,
      superReadOnly: null,
      gtidCurrentPos: "0-901-7",
    });
  });

  it("MariaDB 11.x read_only enum values", () => {
    const row = {
      ...maria.mariadbSourceVariables,
      read_only: "NO_LOCK_NO_ADMIN",
    };
    expect(normaliseVariables(row, "mariadb").readOnly).toBe(true);
    expect(
      normaliseVariables({ ...row, read_only: "OFF" }, "mariadb").readOnly,
    ).toBe(false);
  });

  it("MySQL 5.7 replica with super_read_only and a wrapped gtid_executed", () => {
    expect(normaliseVariables(my57.mysql57ReplicaVariables, "mysql57")).toEqual(
      {
        serverId: 3,
        version: "5.7.44-log",
        dialect: "mysql57",
        readOnly: true,
        superReadOnly: true,
        logBin: true,
        logReplicaUpdates: false,
        gtidMode: "ON",
        gtidExecuted:
          "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-52841,4f6bd1b0-71ca-11e1-9e33-c80aa9429562:1-12",
        gtidCurrentPos:
          "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-52841,4f6bd1b0-71ca-11e1-9e33-c80aa9429562:1-12",
        maxConnections: 500,
      },
    );
  });

  it("MySQL 8.0 writer and 8.4 replica", () => {
    expect(
      normaliseVariables(my80.mysql80WriterVariables, "mysql80"),
    ).toMatchObject({
      serverId: 1,
      readOnly: false,
      superReadOnly: false,
      gtidMode: "ON",
      performanceSchema: true,
    });
    expect(
      normaliseVariables(my84.mysql84ReplicaVariables, "mysql84"),
    ).toMatchObject({
      serverId: 2,
      version: "8.4.3",
      dialect: "mysql84",
      readOnly: true,
      superReadOnly: true,
      logReplicaUpdates: true,
    });
  });

  it("reports GTID off with an empty gtid_executed as null", () => {
    const row = {
      ...my80.mysql80WriterVariables,
      gtid_mode: "OFF",
      gtid_executed: "",
    };
    expect(normaliseVariables(row, "mysql80")).toMatchObject({
      gtidMode: "OFF",
      gtidExecuted: null,
      gtidCurrentPos: null,
    });
  });
});

describe("normaliseGlobalStatus", () => {
  it("reads MariaDB's counters (strings) by name", () => {
    expect(normaliseGlobalStatus(maria.mariadbSourceStatus)).toEqual({
      uptimeSeconds: 119,
      questions: 24,
      comInsert: 2,
      comUpdate: 0,
      comDelete: 0,
      comReplace: 0,
      threadsRunning: 2,
      threadsConnected: 2,
    });
  });

  it("folds multi-table and ...SELECT variants into the write counters", () => {
    expect(normaliseGlobalStatus(my80.mysql80WriterStatus)).toEqual({
      uptimeSeconds: 2592000,
      questions: 9912834,
      comInsert: 884211 + 311,
      comUpdate: 50032 + 12,
      comDelete: 1200 + 5,
      comReplace: 0,
      threadsRunning: 87,
      threadsConnected: 412,
    });
  });

  it("reads missing counters as 0 and ignores unknown ones", () => {
    expect(
      normaliseGlobalStatus([{ Variable_name: "Bytes_sent", Value: "9" }]),
    ).toMatchObject({
      uptimeSeconds: 0,
      questions: 0,
    });
  });
});

describe("normaliseProcessRow", () => {
  it("reads MariaDB's SHOW FULL PROCESSLIST, including replication threads", () => {
    expect(maria.mariadbSourceProcesslist.map(normaliseProcessRow)[0]).toEqual({
      id: 5,
      user: "repl",
      host: "127.0.0.1:42402",
      db: null,
      command: "Binlog Dump",
      timeSeconds: 113,
      state: "Master has sent all binlog to slave; waiting for more updates",
      info: null,
    });
    expect(
      maria.mariadbReplicaProcesslist
        .map(normaliseProcessRow)
        .map((p) => p.command),
    ).toEqual(["Slave_IO", "Slave_SQL", "Query"]);
  });

  it("keeps the full multi-line statement and turns an empty State into null", () => {
    const [, , , client, idle] =
      my57.mysql57Processlist.map(normaliseProcessRow);
    expect(client).toMatchObject({
      id: 4711,
      db: "shop",
      command: "Query",
      timeSeconds: 3,
      state: "Sending data",
    });
    expect(client.info).toBe(
      "SELECT o.* FROM orders o\n  JOIN customers c ON c.id = o.customer_id\n WHERE c.country = 'DE'",
    );
    expect(idle).toMatchObject({ command: "Sleep", state: null, info: null });
  });

  it("reads information_schema.PROCESSLIST's upper-case columns", () => {
    expect(normaliseProcessRow(my80.mysql80InformationSchemaProcess)).toEqual({
      id: 31337,
      user: "root",
      host: "localhost",
      db: "shop",
      command: "Query",
      timeSeconds: 2678400,
      state: "executing",
      info: "UPDATE orders SET legacy_flag = 0 WHERE legacy_flag IS NULL",
    });
  });
});

describe("statement text where it enters", () => {
  it("holds a multi-megabyte statement as its first 16 KiB and notes the full length", () => {
    const info = `INSERT INTO t VALUES ('${"x".repeat(4 * 1024 * 1024)}')`;
    const row = normaliseProcessRow({ Id: 9, User: "batch", Host: "h:1", db: null, Command: "Query", Time: 1, State: "update", Info: info });
    expect(row.info).toBe(info.slice(0, 16 * 1024));
    expect(row.infoLength).toBe(info.length);
    expect(normaliseProcessRow({ Id: 9, Info: "SELECT 1" })).not.toHaveProperty("infoLength");
  });

  it("masks a replication thread's error that quotes a password", () => {
    const row = {
      ...my57.mysql57ReplicaHealthy,
      Last_SQL_Errno: 1396,
      Last_SQL_Error: "Error 'Operation CREATE USER failed for 'app'@'%'' on query. Default database: ''. Query: 'CREATE USER 'app'@'%' IDENTIFIED BY 'Hunter2-secret''",
      Last_IO_Error: "error connecting to master 'repl@db1:3306' - retry-time: 60 maximum-retries: 86400 message: Access denied for user 'repl'@'db3' (using password: YES)",
    };
    const channel = normaliseReplicationRow(row, "mysql57");
    expect(channel.lastSqlError).toMatch(/^error \?.* identified by \?$/);
    expect(channel.lastSqlError).not.toMatch(/hunter2/i);
    expect(channel.lastIoError).toContain("access denied for user ?@?");
    expect(normaliseReplicationRow({ ...row, Last_SQL_Error: "Error 'Table 't' doesn't exist' on query" }, "mysql57").lastSqlError).toBe(
      "Error 'Table 't' doesn't exist' on query",
    );
  });
});

describe("normaliseHeartbeatRows", () => {
  it("turns microseconds into seconds, drops unparseable rows, never goes below zero", () => {
    expect(
      normaliseHeartbeatRows([
        { server_id: 901, age_us: 1506526 },
        { server_id: 902, age_us: "2500000" }, // BIGINT beyond 2^53 arrives as a string
        { server_id: 903, age_us: null }, // ts not in pt-heartbeat format
        { server_id: 904, age_us: -1200 }, // writer's clock a little ahead
      ]),
    ).toEqual([
      { serverId: 901, ageSeconds: 1.506526 },
      { serverId: 902, ageSeconds: 2.5 },
      { serverId: 904, ageSeconds: 0 },
    ]);
  });
});

describe("value coercion", () => {
  it("ioThreadState", () => {
    expect(
      ["Yes", "No", "Connecting", "Preparing", "", null].map(ioThreadState),
    ).toEqual([
      "running",
      "stopped",
      "connecting",
      "connecting",
      "stopped",
      "stopped",
    ]);
  });
  it("asBoolean", () => {
    expect(
      [1, 0, "1", "0", "ON", "OFF", "Yes", "No", null, Buffer.from("ON")].map(
        asBoolean,
      ),
    ).toEqual([true, false, true, false, true, false, true, false, null, true]);
  });
  it("asNumber", () => {
    expect(
      [42, "42", "18446744073709551615", 10n, "", "abc", null, undefined].map(
        asNumber,
      ),
    ).toEqual([42, 42, 18446744073709551615, 10, null, null, null, null]);
  });
  it("asText turns empty strings into null", () => {
    expect(["", "x", null].map(asText)).toEqual([null, "x", null]);
  });
});
