import { describe, expect, it } from "vitest";
import { classifyProcess } from "./classify";
import type { ProcessRow } from "./types";

const row = (over: Partial<ProcessRow>): ProcessRow => ({
  id: 42, user: "app", host: "10.0.0.5:51234", db: "shop", command: "Query", timeSeconds: 1, state: "Sending data", info: "SELECT 1", ...over,
});
const ctx = { serverId: "db1", selfThreadIds: [7], longQuerySeconds: 60 };
const classify = (over: Partial<ProcessRow>) => classifyProcess(row(over), ctx);

describe("classifyProcess", () => {
  it("MariaDB replica threads are replication, labelled by what they do", () => {
    expect(classify({ user: "system user", host: "", command: "Slave_IO", state: "Waiting for master to send event", info: null })).toMatchObject({ kind: "replication", role: "IO thread", flags: [] });
    expect(classify({ user: "system user", host: "", command: "Slave_SQL", info: "INSERT INTO t VALUES (1)" })).toMatchObject({ kind: "replication", role: "SQL thread" });
    expect(classify({ user: "system user", host: "", command: "Slave_worker", state: "Waiting for work from SQL thread" })).toMatchObject({ kind: "replication", role: "parallel worker" });
  });

  it("MySQL 8 replica threads (system user, Connect) are told apart by State", () => {
    const mysql = (state: string) => classify({ user: "system user", host: "connecting host", command: "Connect", state, info: null });
    expect(mysql("Waiting for source to send event")).toMatchObject({ kind: "replication", role: "IO thread" });
    expect(mysql("Replica has read all relay log; waiting for more updates")).toMatchObject({ kind: "replication", role: "SQL thread" });
    expect(mysql("Waiting for an event from Coordinator")).toMatchObject({ kind: "replication", role: "parallel worker" });
    expect(mysql("Waiting for Slave Workers to free pending events")).toMatchObject({ kind: "replication", role: "replication thread" });
  });

  it("the source side of replication (binlog dump) is replication", () => {
    expect(classify({ user: "repl", host: "127.0.0.1:55548", command: "Binlog Dump", info: null })).toMatchObject({ kind: "replication", role: "binlog dump to replica 127.0.0.1" });
    expect(classify({ user: "repl", command: "Binlog Dump GTID", info: null }).kind).toBe("replication");
  });

  it("event scheduler and daemons are system threads", () => {
    expect(classify({ user: "event_scheduler", host: "localhost", command: "Daemon", state: "Waiting on empty queue", info: null })).toMatchObject({ kind: "system", flags: [] });
    expect(classify({ user: "system user", host: "", command: "Daemon", state: "InnoDB purge worker", info: null }).kind).toBe("system");
  });

  it("the console's own connections are self, whatever they run", () => {
    expect(classify({ id: 7, user: "hotseat", command: "Query", info: "SHOW FULL PROCESSLIST" })).toMatchObject({ kind: "self", flags: [] });
  });

  it("flags: long_running past the threshold, root_user, interactive_client over the socket", () => {
    expect(classify({ timeSeconds: 59 }).flags).toEqual([]);
    expect(classify({ timeSeconds: 60 }).flags).toEqual(["long_running"]);
    expect(classify({ user: "root", host: "localhost", timeSeconds: 3600 }).flags).toEqual(["long_running", "root_user", "interactive_client"]);
    // An idle session is not a long-running query, however long it sleeps.
    expect(classify({ command: "Sleep", info: null, timeSeconds: 9999 }).flags).toEqual([]);
    // Root over TCP from an app host: root, but not typed at a console.
    expect(classify({ user: "root", host: "10.0.0.9:40000" }).flags).toEqual(["root_user"]);
  });
});
