import { describe, expect, it } from "vitest";
import {
  GLOBAL_STATUS_NAMES,
  GLOBAL_STATUS_SQL,
  heartbeatReadSql,
  heartbeatTableSql,
  heartbeatWriteSql,
  killSql,
  pollSql,
  quoteDatabase,
  readOnlySql,
  replicationStatusSql,
  statusColumn,
  variablesSql,
} from "./statements";

describe("replicationStatusSql", () => {
  it("picks the statement each dialect understands", () => {
    expect(replicationStatusSql("mysql57")).toBe("SHOW SLAVE STATUS");
    expect(replicationStatusSql("mysql80")).toBe("SHOW REPLICA STATUS");
    expect(replicationStatusSql("mysql84")).toBe("SHOW REPLICA STATUS");
    expect(replicationStatusSql("mariadb")).toBe("SHOW ALL SLAVES STATUS");
  });
});

describe("variablesSql", () => {
  it("asks MariaDB only for variables MariaDB has", () => {
    const sql = variablesSql("mariadb");
    expect(sql).toContain("@@gtid_binlog_pos");
    expect(sql).toContain("@@gtid_current_pos");
    expect(sql).toContain("@@log_slave_updates");
    expect(sql).not.toMatch(/super_read_only|gtid_mode|gtid_executed/);
  });

  it.each(["mysql57", "mysql80", "mysql84"] as const)(
    "asks %s for MySQL's GTID and read-only variables",
    (d) => {
      const sql = variablesSql(d);
      expect(sql).toContain("@@super_read_only AS super_read_only");
      expect(sql).toContain("@@gtid_mode AS gtid_mode");
      expect(sql).toContain("@@gtid_executed AS gtid_executed");
      expect(sql).not.toMatch(/gtid_binlog_pos|gtid_current_pos/);
    },
  );

  it("uses log_replica_updates on 8.4, which removed log_slave_updates", () => {
    expect(variablesSql("mysql84")).toContain(
      "@@log_replica_updates AS log_replica_updates",
    );
    expect(variablesSql("mysql57")).toContain(
      "@@log_slave_updates AS log_replica_updates",
    );
  });

  it("is a single statement", () => {
    for (const d of ["mysql57", "mysql80", "mysql84", "mariadb"] as const) {
      expect(variablesSql(d)).not.toContain(";");
      expect(variablesSql(d)).toMatch(
        /^SELECT @@server_id AS server_id, @@version AS version/,
      );
    }
  });
});

describe("GLOBAL_STATUS_SQL", () => {
  it("fetches only the named counters", () => {
    expect(GLOBAL_STATUS_SQL).toMatch(
      /^SHOW GLOBAL STATUS WHERE Variable_name IN \('Uptime', 'Questions', /,
    );
    expect(GLOBAL_STATUS_SQL).toContain("'Threads_running'");
  });
});

describe("quoteDatabase", () => {
  it("backticks safe names", () => {
    expect(quoteDatabase("hotseat")).toBe("`hotseat`");
    expect(quoteDatabase("Percona_1")).toBe("`Percona_1`");
  });
  it.each([
    "",
    "a-b",
    "x`; DROP DATABASE mysql; --",
    "db.name",
    "a b",
    "ü",
    "a".repeat(65),
  ])("rejects %j", (name) => {
    expect(() => quoteDatabase(name)).toThrow(/invalid database name/);
  });
});

describe("heartbeat statements", () => {
  it("ages rows by the reading server's UTC clock from pt-heartbeat's ts format", () => {
    expect(heartbeatReadSql("hotseat")).toBe(
      "SELECT server_id, TIMESTAMPDIFF(MICROSECOND, STR_TO_DATE(ts, '%Y-%m-%dT%H:%i:%s.%f'), UTC_TIMESTAMP(6)) AS age_us FROM `hotseat`.`heartbeat`",
    );
  });
  it("writes one row per server in one statement, server_id as the only parameter", () => {
    expect(heartbeatWriteSql("hotseat")).toBe(
      "INSERT INTO `hotseat`.`heartbeat` (ts, server_id) VALUES (DATE_FORMAT(UTC_TIMESTAMP(6), '%Y-%m-%dT%H:%i:%s.%f'), ?) ON DUPLICATE KEY UPDATE ts = VALUES(ts)",
    );
  });
  it("creates pt-heartbeat's table shape idempotently", () => {
    const [db, table] = heartbeatTableSql("hotseat");
    expect(db).toBe("CREATE DATABASE IF NOT EXISTS `hotseat`");
    expect(table).toMatch(
      /^CREATE TABLE IF NOT EXISTS `hotseat`\.`heartbeat` \(/,
    );
    for (const col of [
      "ts varchar(26) NOT NULL",
      "server_id int unsigned NOT NULL PRIMARY KEY",
      "file varchar(255) DEFAULT NULL",
      "position bigint unsigned DEFAULT NULL",
      "relay_master_log_file varchar(255) DEFAULT NULL",
      "exec_master_log_pos bigint unsigned DEFAULT NULL",
    ]) {
      expect(table).toContain(col);
    }
  });
  it("refuses unsafe database names", () => {
    expect(() => heartbeatReadSql("x`y")).toThrow();
    expect(() => heartbeatWriteSql("x;y")).toThrow();
    expect(() => heartbeatTableSql("")).toThrow();
  });
});

describe("killSql", () => {
  it("kills a query or a connection by thread id", () => {
    expect(killSql(4711, "query")).toBe("KILL QUERY 4711");
    expect(killSql(4711, "connection")).toBe("KILL CONNECTION 4711");
  });
  it.each([0, -1, 1.5, Number.NaN, 2 ** 60])("rejects thread id %s", (id) => {
    expect(() => killSql(id, "query")).toThrow(/invalid thread id/);
  });
});

describe("readOnlySql", () => {
  it("sets read_only before super_read_only going up, and clears super_read_only first going down", () => {
    expect(readOnlySql("mysql80", true)).toEqual([
      "SET GLOBAL read_only = ON",
      "SET GLOBAL super_read_only = ON",
    ]);
    expect(readOnlySql("mysql57", false)).toEqual([
      "SET GLOBAL super_read_only = OFF",
      "SET GLOBAL read_only = OFF",
    ]);
    expect(readOnlySql("mysql84", true)).toHaveLength(2);
  });
  it("only touches read_only on MariaDB", () => {
    expect(readOnlySql("mariadb", true)).toEqual(["SET GLOBAL read_only = ON"]);
    expect(readOnlySql("mariadb", false)).toEqual([
      "SET GLOBAL read_only = OFF",
    ]);
  });
});

describe("pollSql", () => {
  const dialects = ["mysql57", "mysql80", "mysql84", "mariadb"] as const;

  it("is variablesSql when nothing is folded in", () => {
    for (const d of dialects) expect(pollSql(d, { status: false, heartbeatDatabase: null })).toBe(variablesSql(d));
  });

  it.each(dialects)("on %s, one statement that reads the variables, the counters and the heartbeat rows", (d) => {
    const sql = pollSql(d, { status: true, heartbeatDatabase: "hotseat" });
    expect(sql).not.toContain(";");
    expect(sql.startsWith(`${variablesSql(d)}, s.status_`)).toBe(true);
    for (const name of GLOBAL_STATUS_NAMES) {
      expect(sql).toContain(`s.${statusColumn(name)}`);
      expect(sql).toContain(`WHEN UPPER(VARIABLE_NAME) = '${name.toUpperCase()}' THEN VARIABLE_VALUE END) AS ${statusColumn(name)}`);
    }
    expect(sql).toContain(` LEFT JOIN (${heartbeatReadSql("hotseat")}) AS h ON 1 = 1`);
    expect(sql).toContain("h.server_id AS heartbeat_server_id, h.age_us AS heartbeat_age_us");
  });

  it("reads status where each dialect keeps it", () => {
    expect(pollSql("mariadb", { status: true, heartbeatDatabase: null })).toContain("FROM information_schema.GLOBAL_STATUS WHERE");
    for (const d of ["mysql57", "mysql80", "mysql84"] as const) {
      expect(pollSql(d, { status: true, heartbeatDatabase: null })).toContain("FROM performance_schema.global_status WHERE");
    }
  });

  it("folds the heartbeat alone onto a one-row base, and never reads the counters then", () => {
    const sql = pollSql("mysql80", { status: false, heartbeatDatabase: "hotseat" });
    expect(sql).toContain("FROM (SELECT 1 AS one) AS s LEFT JOIN (");
    expect(sql).not.toMatch(/global_status|status_uptime/i);
  });

  it("refuses an unsafe heartbeat database, as heartbeatReadSql does", () => {
    expect(() => pollSql("mariadb", { status: true, heartbeatDatabase: "x`; DROP DATABASE mysql; --" })).toThrow(/invalid database name/);
  });
});
