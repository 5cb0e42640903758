import { describe, expect, it } from "vitest";
import { analyseFleet } from "./analyse";
import { channel, NOW, storyFleet, variables } from "./fixtures";

const byId = (view: ReturnType<typeof analyseFleet>, id: string) => view.servers.find((s) => s.id === id)!;
const codes = (view: ReturnType<typeof analyseFleet>) => view.problems.map((p) => `${p.code}:${p.serverId ?? "-"}`);

describe("roles", () => {
  it("finds the writer, its master-master partner and the plain replicas", () => {
    const view = analyseFleet(storyFleet());
    expect(view.writer).toBe("db1");
    expect(view.servers.map((s) => [s.id, s.role])).toEqual([
      ["db1", "writer"],
      ["db2", "co-master"],
      ["db3", "replica"],
      ["db4", "replica"],
    ]);
    expect(byId(view, "db1").coMasterOf).toBe("db2");
    expect(byId(view, "db2").coMasterOf).toBe("db1");
    expect(byId(view, "db3").coMasterOf).toBeNull();
    expect(view.problems).toEqual([]);
  });

  it("keeps naming the dead master as the writer when nothing is writable", () => {
    const view = analyseFleet(storyFleet({ db1: { reachable: false, error: "timed out" } }));
    expect(view.writer).toBe("db1");
    expect(byId(view, "db1").health).toBe("unreachable");
    expect(codes(view)).toContain("no_writer:db1");
    expect(codes(view)).toContain("server_unreachable:db1");
  });

  it("follows a failover: db2 writable, db1 read-only replicating from it", () => {
    const view = analyseFleet(
      storyFleet({
        db1: { variables: variables(1, true), heartbeats: [{ serverId: 2, ageSeconds: 0.2 }] },
        db2: { variables: variables(2, false), heartbeats: [{ serverId: 2, ageSeconds: 0.1 }] },
        db3: { replication: [channel(33062, 2)], heartbeats: [{ serverId: 2, ageSeconds: 0.3 }] },
        db4: { replication: [channel(33062, 2)], heartbeats: [{ serverId: 2, ageSeconds: 0.3 }] },
      }),
    );
    expect(view.writer).toBe("db2");
    expect(byId(view, "db1").role).toBe("co-master");
    expect(byId(view, "db3").lagSource).toBe("heartbeat");
  });

  it("reports two writable servers as a split brain", () => {
    const view = analyseFleet(storyFleet({ db2: { variables: variables(2, false) } }));
    expect(codes(view)).toContain("multiple_writers:-");
  });
});

describe("lag and read eligibility", () => {
  it("uses the writer's heartbeat as the replica's lag", () => {
    const view = analyseFleet(storyFleet({ db4: { heartbeats: [{ serverId: 1, ageSeconds: 42.04 }] } }));
    const db4 = byId(view, "db4");
    expect(db4.lagSeconds).toBe(42);
    expect(db4.lagSource).toBe("heartbeat");
    expect(db4.health).toBe("lagging");
    expect(db4.readEligible).toBe(false);
    expect(byId(view, "db3").readEligible).toBe(true);
    expect(codes(view)).toContain("replica_lagging:db4");
  });

  it("falls back to Seconds_Behind_Master when nobody stamps the writer's heartbeat any more", () => {
    const stale = [{ serverId: 1, ageSeconds: 60 }];
    const view = analyseFleet(
      storyFleet({ db1: { heartbeats: stale }, db3: { heartbeats: stale, replication: [channel(33061, 1, { secondsBehindSource: 7 })] } }),
    );
    const db3 = byId(view, "db3");
    expect(db3.lagSource).toBe("seconds_behind");
    expect(db3.lagSeconds).toBe(7);
  });

  it("treats unknown lag as not eligible: a stopped SQL thread gives NULL Seconds_Behind", () => {
    const stopped = channel(33061, 1, { sqlRunning: false, secondsBehindSource: null });
    const view = analyseFleet(storyFleet({ db1: { heartbeats: [] }, db4: { replication: [stopped] } }));
    const db4 = byId(view, "db4");
    expect(db4.lagSeconds).toBeNull();
    expect(db4.lagSource).toBeNull();
    expect(db4.health).toBe("stopped");
    expect(db4.readEligible).toBe(false);
    expect(codes(view)).toContain("replication_stopped:db4");
  });

  it("marks a replication error with its message", () => {
    const broken = channel(33061, 1, { sqlRunning: false, lastSqlErrno: 1062, lastSqlError: "Duplicate entry '7' for key 'PRIMARY'" });
    const view = analyseFleet(storyFleet({ db3: { replication: [broken] } }));
    expect(byId(view, "db3").health).toBe("error");
    expect(view.problems.find((p) => p.serverId === "db3")?.message).toMatch(/Duplicate entry/);
  });

  it("says reads fall back to the writer when every replica is past the cutoff (the story's root cause)", () => {
    const late = [{ serverId: 1, ageSeconds: 95 }];
    const view = analyseFleet(storyFleet({ db2: { heartbeats: late }, db3: { heartbeats: late }, db4: { heartbeats: late } }));
    const rootCause = view.problems.find((p) => p.code === "all_replicas_past_cutoff");
    expect(rootCause?.severity).toBe("critical");
    expect(rootCause?.message).toMatch(/reads fall back to the writer db1/);
    expect(view.problems[0].severity).toBe("critical");
  });

  it("does not raise the fallback warning while one replica is within the cutoff", () => {
    const late = [{ serverId: 1, ageSeconds: 95 }];
    const view = analyseFleet(storyFleet({ db2: { heartbeats: late }, db3: { heartbeats: late } }));
    expect(codes(view)).not.toContain("all_replicas_past_cutoff:db1");
  });
});

describe("heartbeat", () => {
  it("trusts a heartbeat stamped by someone else, such as a pt-heartbeat already running", () => {
    // heartbeat writing off here, but the writer's own row is fresh: rows age on the replicas
    const view = analyseFleet(storyFleet({ db4: { heartbeats: [{ serverId: 1, ageSeconds: 12.5 }] } }));
    expect(byId(view, "db4")).toMatchObject({ lagSeconds: 12.5, lagSource: "heartbeat" });
  });

  it("says why lag falls back when the writer refuses the heartbeat", () => {
    const view = analyseFleet(storyFleet({ db1: { heartbeats: [{ serverId: 1, ageSeconds: 45 }], heartbeatError: "INSERT command denied" } }));
    expect(byId(view, "db3").lagSource).toBe("seconds_behind");
    expect(view.problems.find((p) => p.code === "heartbeat_failing")?.message).toMatch(/INSERT command denied/);
  });
});

describe("writer overload", () => {
  it("flags threads running and connections near max_connections on the writer", () => {
    const view = analyseFleet(
      storyFleet({
        db1: {
          status: { uptimeSeconds: 1, questions: 1, comInsert: 0, comUpdate: 0, comDelete: 0, comReplace: 0, threadsRunning: 25, threadsConnected: 140 },
        },
      }),
    );
    expect(codes(view)).toEqual(expect.arrayContaining(["writer_overloaded:db1", "connections_near_max:db1"]));
  });
});
