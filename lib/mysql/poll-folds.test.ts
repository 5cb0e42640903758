import { describe, expect, it } from "vitest";
import type { Connection } from "mysql2/promise";
import { normaliseGlobalStatus, normaliseHeartbeatRows, normalisePollRows, normaliseVariables, type Row } from "./normalise";
import { foldFailed, heartbeatTableSeen, keepPollRead, pollFolds, takeFoldedHeartbeats, takeFoldedStatus } from "./poll-folds";
import { GLOBAL_STATUS_NAMES, statusColumn, type PollFolds } from "./statements";
import type { Dialect } from "./types";
import * as maria from "./fixtures/mariadb-10.11";
import * as my57 from "./fixtures/mysql-5.7";
import * as my80 from "./fixtures/mysql-8.0";
import * as my84 from "./fixtures/mysql-8.4";

const ALL: PollFolds = { status: true, heartbeatDatabase: "hotseat" };

/** What pollSql returns for a server whose separate reads are `variables`, `status` and `heartbeats`. */
function foldedRows(variables: Row, status: Row[], heartbeats: { server_id: number; age_us: number }[]): Row[] {
  const counters = Object.fromEntries(
    GLOBAL_STATUS_NAMES.map((n) => [statusColumn(n), status.find((r) => String(r.Variable_name).toLowerCase() === n.toLowerCase())?.Value ?? null]),
  );
  const rows = heartbeats.length ? heartbeats : [{ server_id: null, age_us: null }];
  return rows.map((h) => ({ ...variables, ...counters, heartbeat_server_id: h.server_id, heartbeat_age_us: h.age_us }));
}

const HEARTBEATS = [
  { server_id: 1, age_us: 412_000 },
  { server_id: 2, age_us: 86_400_000_000 },
];

describe("normalisePollRows: the same figures as the three separate reads", () => {
  it.each<[string, Dialect, Row, Row[]]>([
    ["MariaDB 10.11", "mariadb", maria.mariadbSourceVariables, maria.mariadbSourceStatus],
    ["MySQL 5.7", "mysql57", my57.mysql57ReplicaVariables, my80.mysql80WriterStatus],
    ["MySQL 8.0", "mysql80", my80.mysql80WriterVariables, my80.mysql80WriterStatus],
    ["MySQL 8.4", "mysql84", my84.mysql84ReplicaVariables, my80.mysql80WriterStatus],
  ])("%s", (_, dialect, variables, status) => {
    const read = normalisePollRows(foldedRows(variables, status, HEARTBEATS), dialect, ALL);
    expect(read.variables).toEqual(normaliseVariables(variables, dialect));
    expect(read.status).toEqual(normaliseGlobalStatus(status));
    expect(read.heartbeats).toEqual(normaliseHeartbeatRows(HEARTBEATS));
  });

  it("an empty heartbeat table is no rows; an unfolded part is null", () => {
    const rows = foldedRows(my80.mysql80WriterVariables, my80.mysql80WriterStatus, []);
    expect(normalisePollRows(rows, "mysql80", ALL).heartbeats).toEqual([]);
    const plain = normalisePollRows([my80.mysql80WriterVariables], "mysql80", { status: false, heartbeatDatabase: null });
    expect(plain).toMatchObject({ status: null, heartbeats: null });
  });

  it("a status table that answered nothing (MySQL with performance_schema OFF) is no status, not zeros", () => {
    const rows = foldedRows(my80.mysql80WriterVariables, [], HEARTBEATS);
    expect(normalisePollRows(rows, "mysql80", ALL).status).toBeNull();
  });
});

describe("poll-folds: which reads the variables SELECT takes over, per connection", () => {
  const conn = () => ({}) as Connection;
  const read = (dialect: Dialect, variables: Row, folds: PollFolds) =>
    normalisePollRows(foldedRows(variables, my80.mysql80WriterStatus, HEARTBEATS), dialect, folds);

  it("folds nothing until the connection has asked for status and found the heartbeat table", () => {
    const c = conn();
    expect(pollFolds(c, "mariadb")).toEqual({ status: false, heartbeatDatabase: null });
    expect(takeFoldedStatus(c)).toBeNull();
    heartbeatTableSeen(c, "hotseat", true);
    expect(pollFolds(c, "mariadb")).toEqual(ALL);
  });

  it("hands each folded figure out once, for the database it was read from", () => {
    const c = conn();
    takeFoldedStatus(c);
    heartbeatTableSeen(c, "hotseat", true);
    keepPollRead(c, read("mariadb", maria.mariadbSourceVariables, ALL), ALL);
    expect(takeFoldedHeartbeats(c, "other")).toBeNull();
    keepPollRead(c, read("mariadb", maria.mariadbSourceVariables, ALL), ALL);
    expect(takeFoldedStatus(c)).toEqual(normaliseGlobalStatus(my80.mysql80WriterStatus));
    expect(takeFoldedStatus(c)).toBeNull();
    expect(takeFoldedHeartbeats(c, "hotseat")).toHaveLength(2);
    expect(takeFoldedHeartbeats(c, "hotseat")).toBeNull();
  });

  it("reads MySQL's status table only while performance_schema is ON", () => {
    const c = conn();
    takeFoldedStatus(c);
    keepPollRead(c, read("mysql80", { ...my80.mysql80WriterVariables, performance_schema: 0 }, { status: false, heartbeatDatabase: null }), { status: false, heartbeatDatabase: null });
    expect(pollFolds(c, "mysql80").status).toBe(false);
    keepPollRead(c, read("mysql80", my80.mysql80WriterVariables, { status: false, heartbeatDatabase: null }), { status: false, heartbeatDatabase: null });
    expect(pollFolds(c, "mysql80").status).toBe(true);
  });

  it("stops folding status after a folded read failed or came back empty, and heartbeats until the table is found again", () => {
    const c = conn();
    takeFoldedStatus(c);
    heartbeatTableSeen(c, "hotseat", true);
    foldFailed(c);
    expect(pollFolds(c, "mariadb")).toEqual({ status: false, heartbeatDatabase: null });
    heartbeatTableSeen(c, "hotseat", true);
    expect(pollFolds(c, "mariadb")).toEqual({ status: false, heartbeatDatabase: "hotseat" });
    heartbeatTableSeen(c, "hotseat", false);
    expect(pollFolds(c, "mariadb").heartbeatDatabase).toBeNull();

    const d = conn();
    takeFoldedStatus(d);
    const empty = normalisePollRows(foldedRows(maria.mariadbSourceVariables, [], []), "mariadb", { status: true, heartbeatDatabase: null });
    keepPollRead(d, empty, { status: true, heartbeatDatabase: null });
    expect(pollFolds(d, "mariadb").status).toBe(false);
  });
});
