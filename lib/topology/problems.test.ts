import { describe, expect, it } from "vitest";
import { analyseFleet } from "./analyse";
import { frozenWriterFleet, storyFleet, switchedAwayFromFrozenFleet, thread } from "./fixtures";

const byId = (view: ReturnType<typeof analyseFleet>, id: string) => view.servers.find((s) => s.id === id)!;
const problem = (view: ReturnType<typeof analyseFleet>, code: string) => view.problems.filter((p) => p.code === code);

describe("long_running_query", () => {
  const rogue = thread(41, { user: "root", host: "localhost", timeSeconds: 700, info: "SELECT SLEEP(86400)" });

  it("is a critical problem for root at the command line, with the thread, user@host and running time", () => {
    const view = analyseFleet(storyFleet({ db1: { processlist: [thread(7, { timeSeconds: 3 }), rogue] } }), { longQuerySeconds: 60 });
    const [p] = problem(view, "long_running_query");
    expect(p).toMatchObject({ serverId: "db1", severity: "critical", query: { threadId: 41, user: "root", host: "localhost", timeSeconds: 700, flags: ["root_user", "interactive_client"] } });
    expect(p.message).toBe("root@localhost has run a statement on db1 for 700 s (thread 41).");
    // the statement itself stays out of the topology: the processlist shows it as the caller may read it
    expect(JSON.stringify(p)).not.toContain("SLEEP");
    expect(view.problems[0].severity).toBe("critical");
  });

  it("is a warning for an application's statement, and names the longest one per server", () => {
    const app = (id: number, t: number) => thread(id, { timeSeconds: t, info: "SELECT report()" });
    const view = analyseFleet(storyFleet({ db3: { processlist: [app(1, 90), app(2, 400), app(3, 10)] } }), { longQuerySeconds: 60 });
    expect(problem(view, "long_running_query")).toEqual([
      expect.objectContaining({ serverId: "db3", severity: "warning", message: "shop@10.0.0.5:51234 has run a statement on db3 for 400 s (thread 2) (1 more past 60 s)." }),
    ]);
  });

  it("leaves out sleeping sessions, replication and system threads, the console's own, and unreachable servers", () => {
    const view = analyseFleet(
      storyFleet({
        db1: { processlist: [thread(1, { command: "Sleep", info: null, timeSeconds: 9000 }), thread(2, { user: "system user", command: "Slave_SQL", timeSeconds: 9000 }), thread(3, { timeSeconds: 9000 })], selfThreadIds: [3] },
        db2: { reachable: false, processlist: [rogue] },
      }),
      { longQuerySeconds: 60 },
    );
    expect(problem(view, "long_running_query")).toEqual([]);
  });

  it("is not looked for without a limit, and not below it", () => {
    expect(problem(analyseFleet(storyFleet({ db1: { processlist: [rogue] } })), "long_running_query")).toEqual([]);
    expect(problem(analyseFleet(storyFleet({ db1: { processlist: [rogue] } }), { longQuerySeconds: 701 }), "long_running_query")).toEqual([]);
  });
});

describe("a frozen writer", () => {
  const view = analyseFleet(frozenWriterFleet());

  it("is one headline: no writer, writes fail since its last answer, for how long, with the co-master to fail over to", () => {
    const [p] = problem(view, "no_writer");
    expect(p).toMatchObject({ serverId: "db1", severity: "critical", since: "2026-11-27T09:14:20.000Z", forSeconds: 40, candidateId: "db2" });
    expect(p.message).toBe("Writes fail since 09:14:20 UTC, for 40 s: the writer db1 cannot be reached.");
    expect(p.details).toBe("connect ETIMEDOUT 127.0.0.1:33061");
    expect(problem(view, "no_writer")).toHaveLength(1);
  });

  it("folds the driver's error under details instead of the message", () => {
    const [p] = problem(view, "server_unreachable");
    expect(p).toMatchObject({ serverId: "db1", message: "db1 cannot be reached.", details: "connect ETIMEDOUT 127.0.0.1:33061" });
  });

  it("does not say reads fall back to the writer nobody reaches", () => {
    expect(problem(view, "all_replicas_past_cutoff")).toEqual([]);
    expect(view.problems.map((p) => p.message).join(" ")).not.toMatch(/fall back/);
  });

  it("leaves the replicas' lag unknown because the writer's heartbeat stopped, not lagging (Seconds_Behind reads 0 meanwhile)", () => {
    for (const id of ["db2", "db3", "db4"]) {
      const s = byId(view, id);
      expect(s).toMatchObject({ lagSeconds: null, lagSource: null, health: "unknown", lagNote: "unknown: the writer's heartbeat stopped", readEligible: false });
    }
    expect(problem(view, "replica_lagging")).toEqual([]);
  });
});

describe("after the emergency switch away from a frozen writer", () => {
  const view = analyseFleet(switchedAwayFromFrozenFleet());

  it("shows the new writer as the writer, its broken channel to the old writer as expected, not an error", () => {
    expect(view.writer).toBe("db2");
    const db2 = byId(view, "db2");
    expect(db2).toMatchObject({ role: "writer", health: "ok", lagSeconds: 0 });
    expect(db2.replicationNote).toBe("Expected: this channel reads from db1, the old writer, which cannot be reached; it resumes when db1 answers.");
    expect(problem(view, "replication_error")).toEqual([]);
    expect(problem(view, "no_writer")).toEqual([]);
  });

  it("keeps the old writer as an unreachable co-master and measures the replicas against the new writer", () => {
    expect(byId(view, "db1")).toMatchObject({ role: "co-master", health: "unreachable", coMasterOf: "db2" });
    expect(byId(view, "db3")).toMatchObject({ lagSeconds: 0.5, lagSource: "heartbeat", health: "ok", lagNote: null });
    expect(view.problems.map((p) => `${p.code}:${p.serverId}`)).toEqual(["server_unreachable:db1"]);
  });
});

describe("replicas of a frozen writer whose IO thread gave up", () => {
  it("are not replication errors: the channel's source is gone, the lag unknown", () => {
    const reconnecting = { ioRunning: false, ioState: "connecting" as const, secondsBehindSource: null, lastIoErrno: 2013, lastIoError: "error reconnecting to master" };
    const fleet = frozenWriterFleet();
    for (const s of fleet.servers.slice(1)) s.replication = [{ ...s.replication[0], ...reconnecting }];
    const view = analyseFleet(fleet);
    expect(view.servers.slice(1).map((s) => s.health)).toEqual(["unknown", "unknown", "unknown"]);
    expect(byId(view, "db3").replicationNote).toBe("Expected: its source db1 cannot be reached; the channel resumes when db1 answers.");
    expect(view.problems.map((p) => `${p.code}:${p.serverId}`)).toEqual(["no_writer:db1", "server_unreachable:db1"]);
  });

  it("a broken SQL thread stays an error even then", () => {
    const fleet = frozenWriterFleet();
    fleet.servers[2].replication = [{ ...fleet.servers[2].replication[0], sqlRunning: false, lastSqlErrno: 1062, lastSqlError: "Duplicate entry" }];
    expect(byId(analyseFleet(fleet), "db3").health).toBe("error");
  });
});
