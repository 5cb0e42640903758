import { describe, expect, it } from "vitest";
import { binlogStatusSql, boundedReadOnlySql, gtidWaitSql, lockWaitSql, repointReplicaSql } from "./failover";

describe("boundedReadOnlySql", () => {
  it("bounds the lock wait before switching read_only", () => {
    expect(boundedReadOnlySql("mariadb", true, 2)).toEqual(["SET SESSION lock_wait_timeout = 2", "SET GLOBAL read_only = ON"]);
    expect(boundedReadOnlySql("mariadb", false, 2)).toEqual(["SET SESSION lock_wait_timeout = 2", "SET GLOBAL read_only = OFF"]);
  });

  it("sets super_read_only on MySQL, in the order MySQL requires", () => {
    expect(boundedReadOnlySql("mysql80", true, 3).slice(1)).toEqual(["SET GLOBAL read_only = ON", "SET GLOBAL super_read_only = ON"]);
    expect(boundedReadOnlySql("mysql84", false, 3).slice(1)).toEqual(["SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF"]);
  });

  it("never asks for a lock wait under one second", () => {
    expect(lockWaitSql(0)).toBe("SET SESSION lock_wait_timeout = 1");
    expect(lockWaitSql(2.2)).toBe("SET SESSION lock_wait_timeout = 3");
  });
});

describe("gtidWaitSql", () => {
  it("uses MASTER_GTID_WAIT on MariaDB and WAIT_FOR_EXECUTED_GTID_SET on MySQL, timeout in seconds", () => {
    expect(gtidWaitSql("mariadb", "0-1-100", 1.5)).toEqual({ sql: "SELECT MASTER_GTID_WAIT(?, ?) AS reached", params: ["0-1-100", 1.5] });
    expect(gtidWaitSql("mysql80", "uuid:1-5", 10)).toEqual({ sql: "SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?) AS reached", params: ["uuid:1-5", 10] });
  });
});

describe("binlogStatusSql", () => {
  it("uses SHOW BINARY LOG STATUS on 8.4, where SHOW MASTER STATUS is gone", () => {
    expect(binlogStatusSql("mysql84")).toBe("SHOW BINARY LOG STATUS");
    expect(binlogStatusSql("mariadb")).toBe("SHOW MASTER STATUS");
    expect(binlogStatusSql("mysql57")).toBe("SHOW MASTER STATUS");
  });
});

describe("repointReplicaSql", () => {
  it("MariaDB: stop, change host and port, resume from gtid_slave_pos, start", () => {
    expect(repointReplicaSql("mariadb", { host: "127.0.0.1", port: 42062 })).toEqual([
      { sql: "STOP SLAVE", params: [] },
      { sql: "CHANGE MASTER TO MASTER_HOST = ?, MASTER_PORT = ?, MASTER_USE_GTID = slave_pos", params: ["127.0.0.1", 42062] },
      { sql: "START SLAVE", params: [] },
    ]);
  });

  it("MySQL: auto-position, with the syntax each version knows", () => {
    expect(repointReplicaSql("mysql84", { host: "db2.internal", port: 3306 }).map((s) => s.sql)).toEqual([
      "STOP REPLICA",
      "CHANGE REPLICATION SOURCE TO SOURCE_HOST = ?, SOURCE_PORT = ?, SOURCE_AUTO_POSITION = 1",
      "START REPLICA",
    ]);
    expect(repointReplicaSql("mysql80", { host: "db2", port: 3306 })[1].sql).toBe(
      "CHANGE MASTER TO MASTER_HOST = ?, MASTER_PORT = ?, MASTER_AUTO_POSITION = 1",
    );
    expect(repointReplicaSql("mysql57", { host: "db2", port: 3306 })[0].sql).toBe("STOP SLAVE");
  });

  it("refuses a host or port that is not one", () => {
    expect(() => repointReplicaSql("mariadb", { host: "x'; DROP TABLE t; --", port: 3306 })).toThrow(/invalid source host/);
    expect(() => repointReplicaSql("mariadb", { host: "db2", port: 70000 })).toThrow(/invalid source port/);
  });
});
