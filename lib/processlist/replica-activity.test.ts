import { describe, expect, it } from "vitest";
import type { ServerSample } from "@/lib/collector/types";
import type { ProcessRow, ReplicationChannel, ServerVariables } from "@/lib/mysql/types";
import { replicaActivityOf } from "./replica-activity";

const vars = (over: Partial<ServerVariables> = {}): ServerVariables => ({
  serverId: 4, version: "10.11.6-MariaDB", dialect: "mariadb", readOnly: true, superReadOnly: null, logBin: true,
  logReplicaUpdates: true, gtidMode: "ON", gtidExecuted: "0-4-10", gtidCurrentPos: "0-1-5012", maxConnections: 151, ...over,
});

const channel = (over: Partial<ReplicationChannel> = {}): ReplicationChannel => ({
  channel: "", sourceHost: "127.0.0.1", sourcePort: 3301, sourceServerId: 1, ioState: "running", ioRunning: true, sqlRunning: true,
  secondsBehindSource: 3, lastIoErrno: 0, lastIoError: null, lastSqlErrno: 0, lastSqlError: null,
  readSourceLogFile: "db1-bin.000004", readSourceLogPos: 9000, execSourceLogFile: "db1-bin.000004", execSourceLogPos: 8123,
  relayLogFile: "db4-relay.000002", relayLogPos: 4567, retrievedGtidSet: "0-1-5020", executedGtidSet: null, usingGtid: true,
  sqlThreadState: null, ...over,
});

const row = (over: Partial<ProcessRow>): ProcessRow => ({
  id: 1, user: "system user", host: "", db: null, command: "Slave_SQL", timeSeconds: 0, state: null, info: null, ...over,
});
const IO = row({ id: 10, command: "Slave_IO", state: "Waiting for master to send event", timeSeconds: 600 });

const sample = (over: Partial<ServerSample>): ServerSample => ({
  id: "db4", name: "db4", host: "127.0.0.1", port: 3304, sampledAt: 1, reachable: true, error: null, lastSeenAt: 1,
  variables: vars(), replication: [channel()], status: null, rates: null, heartbeats: [],
  heartbeatError: null, processlist: [], selfThreadIds: [], ...over,
});

const sourceIdOf = (host: string, port: number) => (host === "127.0.0.1" && port === 3301 ? "db1" : null);

describe("replicaActivityOf", () => {
  it("a SQL thread applying a statement: what, for how long, and where it is", () => {
    const applying = "UPDATE shop.orders SET total = total * 1.1 WHERE created < '2026-01-01'";
    const [a] = replicaActivityOf(
      sample({
        processlist: [IO, row({ id: 11, state: "Updating", info: applying, timeSeconds: 7 }), row({ id: 99, user: "app", host: "10.0.0.5:4000", command: "Query", info: "SELECT 1" })],
        replication: [channel({ sqlThreadState: "Updating", secondsBehindSource: 7 })],
      }),
      sourceIdOf,
    );
    expect(a).toEqual({
      serverId: "db4", channel: "", sourceId: "db1", source: "127.0.0.1:3301", ioRunning: true, sqlRunning: true,
      sqlState: "Updating", applying, applyingForSeconds: 7, secondsBehindSource: 7,
      execPosition: "db1-bin.000004:8123", relayPosition: "db4-relay.000002:4567",
      // MariaDB: the GTID position comes from gtid_current_pos (the channel has no executed set).
      gtidPosition: "0-1-5012", workers: [], lastError: null,
    });
  });

  it("a SQL thread waiting for events applies nothing; its state says it waits", () => {
    const waiting = "Slave has read all relay log; waiting for more updates";
    const [a] = replicaActivityOf(
      sample({ processlist: [IO, row({ id: 11, state: waiting, timeSeconds: 42 })], replication: [channel({ sqlThreadState: null, secondsBehindSource: 0 })] }),
      sourceIdOf,
    );
    expect(a).toMatchObject({ sqlRunning: true, applying: null, sqlState: waiting, secondsBehindSource: 0, workers: [], lastError: null });
  });

  it("a SQL thread stopped with an error: not running, no apply time, the error kept", () => {
    const error = "Could not execute Write_rows_v1 event on table shop.orders; Duplicate entry '42' for key 'PRIMARY'";
    const [a] = replicaActivityOf(
      sample({ processlist: [IO], replication: [channel({ sqlRunning: false, secondsBehindSource: null, lastSqlErrno: 1062, lastSqlError: error, sqlThreadState: null })] }),
      sourceIdOf,
    );
    expect(a).toMatchObject({ sqlRunning: false, ioRunning: true, applying: null, applyingForSeconds: null, secondsBehindSource: null, lastError: error, execPosition: "db1-bin.000004:8123" });
  });

  it("an IO error is reported when the SQL thread has none", () => {
    const [a] = replicaActivityOf(sample({ replication: [channel({ ioRunning: false, ioState: "stopped", lastIoError: "error connecting to master" })] }), sourceIdOf);
    expect(a).toMatchObject({ ioRunning: false, lastError: "error connecting to master" });
  });

  it("parallel replication: the busy workers with what they apply; idle workers left out", () => {
    const [a] = replicaActivityOf(
      sample({
        processlist: [
          IO,
          row({ id: 11, state: "Waiting for room in worker thread event queue", timeSeconds: 3 }),
          row({ id: 12, command: "Slave_worker", state: "Updating", info: "INSERT INTO shop.lines VALUES (1, 2)", timeSeconds: 2 }),
          row({ id: 13, command: "Slave_worker", state: "Waiting for work from SQL thread", info: null }),
          row({ id: 14, command: "Slave_worker", state: "Waiting for prior transaction to commit", info: "UPDATE shop.stock SET n = n - 1", timeSeconds: 1 }),
        ],
      }),
      sourceIdOf,
    );
    expect(a.workers).toEqual([
      { id: 12, state: "Updating", info: "INSERT INTO shop.lines VALUES (1, 2)", timeSeconds: 2 },
      { id: 14, state: "Waiting for prior transaction to commit", info: "UPDATE shop.stock SET n = n - 1", timeSeconds: 1 },
    ]);
    // The coordinator runs no statement itself: what is applied is a worker's.
    expect(a.applying).toBe("INSERT INTO shop.lines VALUES (1, 2)");
    expect(a.sqlState).toBe("Waiting for room in worker thread event queue");
  });

  it("MySQL: the channel's Executed_Gtid_Set is the GTID position; a source outside the fleet has no id", () => {
    const gtid = "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-77";
    const [a] = replicaActivityOf(
      sample({
        variables: vars({ dialect: "mysql80", gtidCurrentPos: gtid }),
        replication: [channel({ sourceHost: "10.9.9.9", sourcePort: 3306, executedGtidSet: gtid })],
        processlist: [row({ id: 5, command: "Connect", state: "Replica has read all relay log; waiting for more updates" })],
      }),
      sourceIdOf,
    );
    expect(a).toMatchObject({ sourceId: null, source: "10.9.9.9:3306", gtidPosition: gtid, applying: null, sqlState: "Replica has read all relay log; waiting for more updates" });
  });

  it("a server that replicates from nobody has no activity", () => {
    expect(replicaActivityOf(sample({ id: "db1", replication: [], processlist: [row({ command: "Binlog Dump", user: "repl" })] }), sourceIdOf)).toEqual([]);
  });
});
