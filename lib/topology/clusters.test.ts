import { describe, expect, it } from "vitest";
import { analyseFleet } from "./analyse";
import { groupClusters } from "./clusters";
import { channel, sample, storyFleet, threeClusterFleet, variables } from "./fixtures";
import { replicationGraph } from "./replication";

type View = ReturnType<typeof analyseFleet>;
const byId = (view: View, id: string) => view.servers.find((s) => s.id === id)!;
const codes = (view: View) => view.problems.map((p) => `${p.code}:${p.serverId ?? "-"}:${p.clusterId ?? "-"}`);

describe("clusters", () => {
  it("are the connected components, named by their first server id, the first configured server's first", () => {
    const view = analyseFleet(threeClusterFleet());
    expect(view.clusters).toEqual([
      { id: "db1", name: "db1", writer: "db1", coMaster: "db2", lagCutoffSeconds: 30, serverIds: ["db1", "db2", "db3", "db4"] },
      { id: "db5", name: "db5", writer: "db5", coMaster: null, lagCutoffSeconds: 30, serverIds: ["db5", "db6", "db7"] },
      // db10 sorts before db8 as text: the alphabetically first id names the group
      { id: "db10", name: "db10", writer: "db8", coMaster: null, lagCutoffSeconds: 30, serverIds: ["db8", "db9", "db10"] },
    ]);
    expect(view.writer).toBe("db1");
    expect(view.servers.map((s) => `${s.id}:${s.clusterId}:${s.role}`)).toEqual([
      "db1:db1:writer",
      "db2:db1:co-master",
      "db3:db1:replica",
      "db4:db1:replica",
      "db5:db5:writer",
      "db6:db5:replica",
      "db7:db5:replica",
      "db8:db10:writer",
      "db9:db10:writer",
      "db10:db10:replica",
    ]);
  });

  it("raise no false problem: each writer is its own cluster's, two sources of a multi-source replica are no split brain", () => {
    const view = analyseFleet(threeClusterFleet());
    expect(view.problems).toEqual([]);
    expect(view.servers.filter((s) => s.role !== "writer").every((s) => s.readEligible)).toBe(true);
  });

  it("take the config's label and per-cluster settings; the top-level cutoff is the first cluster's", () => {
    const labels = { db1: "shop", db2: "shop", db3: "shop", db4: "shop", db5: "auth", db6: "auth", db7: "auth" };
    const view = analyseFleet(threeClusterFleet({ db7: { heartbeats: [{ serverId: 5, ageSeconds: 12 }] } }), {
      clusterLabels: labels,
      clusterSettings: [
        { id: "shop", name: "Shop", lagCutoffSeconds: 20 },
        { id: "auth", lagCutoffSeconds: 10 },
      ],
    });
    expect(view.clusters.map((c) => [c.id, c.name, c.lagCutoffSeconds])).toEqual([
      ["shop", "Shop", 20],
      ["auth", "auth", 10],
      ["db10", "db10", 30],
    ]);
    expect(view.lagCutoffSeconds).toBe(20);
    // 12 s is within the global 30 s but past auth's own 10 s
    expect(byId(view, "db7")).toMatchObject({ clusterId: "auth", lagSeconds: 12, health: "lagging", readEligible: false });
    expect(codes(view)).toEqual(["replica_lagging:db7:auth"]);
    expect(view.problems[0].message).toMatch(/past the 10 s read cutoff/);
  });

  it("keep a name a failover does not change: a label, or the group's first id whoever writes", () => {
    const failedOver = analyseFleet(
      storyFleet({
        db1: { variables: variables(1, true), heartbeats: [{ serverId: 2, ageSeconds: 0.2 }] },
        db2: { variables: variables(2, false), heartbeats: [{ serverId: 2, ageSeconds: 0.1 }] },
        db3: { replication: [channel(33062, 2)], heartbeats: [{ serverId: 2, ageSeconds: 0.3 }] },
      }),
    );
    expect(failedOver.clusters.map((c) => [c.id, c.writer])).toEqual([["db1", "db2"]]);
  });

  it("report a split brain only within one cluster", () => {
    const view = analyseFleet(threeClusterFleet({ db6: { variables: variables(6, false) } }));
    expect(codes(view)).toEqual(["multiple_writers:-:db5"]);
    expect(view.problems[0].message).toBe("More than one server accepts writes in db5 (db5, db6): the data can go out of sync.");
  });

  it("judge each cluster on its own: a dead writer in one leaves the other's writer and reads alone", () => {
    const view = analyseFleet(threeClusterFleet({ db5: { reachable: false, error: "connect ECONNREFUSED", heartbeats: [] } }));
    expect(codes(view)).toEqual(expect.arrayContaining(["no_writer:db5:db5", "server_unreachable:db5:db5"]));
    expect(codes(view).filter((c) => c.endsWith(":db1"))).toEqual([]);
    expect(byId(view, "db6")).toMatchObject({ health: "unknown", lagSeconds: null, lagNote: "unknown: the writer's heartbeat stopped" });
    expect(byId(view, "db3").readEligible).toBe(true);
    expect(view.writer).toBe("db1");
  });

  it("say every replica is past the cutoff per cluster", () => {
    const late = [{ serverId: 5, ageSeconds: 95 }];
    const view = analyseFleet(threeClusterFleet({ db6: { heartbeats: late }, db7: { heartbeats: late } }));
    expect(codes(view)).toContain("all_replicas_past_cutoff:db5:db5");
    expect(codes(view).some((c) => c.startsWith("all_replicas_past_cutoff:db1"))).toBe(false);
  });

  it("place a server never reached with its label, else alone, without a false no_writer", () => {
    const never = { reachable: false, error: "not polled yet", lastSeenAt: null, variables: null, replication: [], heartbeats: [] };
    const fleet = storyFleet({ db4: never });
    fleet.servers.push(sample("db9", 9, never));
    const graph = replicationGraph(fleet.servers);
    const groups = groupClusters(fleet.servers, graph, { labels: { db1: "shop", db4: "shop" }, lagCutoffSeconds: 30 });
    expect(groups.map((g) => [g.id, g.serverIds])).toEqual([
      ["shop", ["db1", "db2", "db3", "db4"]],
      ["db9", ["db9"]],
    ]);
    const view = analyseFleet(fleet, { clusterLabels: { db1: "shop", db4: "shop" } });
    expect(codes(view).filter((c) => c.startsWith("no_writer"))).toEqual([]);
    expect(codes(view)).toEqual(expect.arrayContaining(["server_unreachable:db4:shop", "server_unreachable:db9:db9"]));
  });

  it("raise no no_writer for a lone read-only server that replicates from nobody: its role is unknown", () => {
    const view = analyseFleet(threeClusterFleet({ db10: { replication: [] } }));
    expect(view.clusters.map((c) => c.id)).toEqual(["db1", "db5", "db8", "db9", "db10"]);
    expect(view.servers.find((s) => s.id === "db10")).toMatchObject({ clusterId: "db10", role: "unknown", health: "ok" });
    expect(view.problems).toEqual([]);
  });

  it("give each group its own id when two share a label or a label is an id taken first", () => {
    const fleet = threeClusterFleet();
    const groups = groupClusters(fleet.servers, replicationGraph(fleet.servers), {
      labels: { db1: "shop", db5: "shop", db8: "db5" },
      lagCutoffSeconds: 30,
    });
    expect(groups.map((g) => g.id)).toEqual(["shop", "db5", "db10"]);
  });
});

describe("chains", () => {
  it("a replica of a replica: its real source, lag end to end from the writer's heartbeat, the intermediate relaying", () => {
    const view = analyseFleet(threeClusterFleet({ db6: { heartbeats: [{ serverId: 5, ageSeconds: 3 }] }, db7: { heartbeats: [{ serverId: 5, ageSeconds: 41 }] } }));
    expect(byId(view, "db7")).toMatchObject({ role: "replica", lagSeconds: 41, lagSource: "heartbeat", health: "lagging", relaying: false });
    expect(byId(view, "db7").replication?.sourceId).toBe("db6");
    expect(byId(view, "db6")).toMatchObject({ role: "replica", lagSeconds: 3, relaying: true, readEligible: true });
    expect(byId(view, "db5").relaying).toBe(false);
    expect(byId(view, "db3").relaying).toBe(false);
  });

  it("a chained replica whose intermediate stopped applying: its heartbeat ages, so it lags though its own threads run", () => {
    const stopped = channel(33065, 5, { sqlRunning: false, secondsBehindSource: null });
    const view = analyseFleet(
      threeClusterFleet({
        db6: { replication: [stopped], heartbeats: [{ serverId: 5, ageSeconds: 50 }] },
        // db7's own channel is healthy and says 0 behind db6: only the heartbeat tells the truth
        db7: { replication: [channel(33066, 6, { secondsBehindSource: 0 })], heartbeats: [{ serverId: 5, ageSeconds: 50 }] },
      }),
    );
    expect(byId(view, "db6").health).toBe("stopped");
    expect(byId(view, "db7")).toMatchObject({ health: "lagging", lagSeconds: 50, lagSource: "heartbeat", readEligible: false });
    expect(codes(view)).toEqual(expect.arrayContaining(["replication_stopped:db6:db5", "replica_lagging:db7:db5", "all_replicas_past_cutoff:db5:db5"]));
  });
});

describe("channels", () => {
  it("every channel is shown with its name, source, lag from its own writer's heartbeat and health", () => {
    const view = analyseFleet(threeClusterFleet({ db10: { heartbeats: [{ serverId: 8, ageSeconds: 1.2 }, { serverId: 9, ageSeconds: 4 }] } }));
    const db10 = byId(view, "db10");
    expect(db10.channels.map((c) => [c.name, c.sourceId, c.lagSeconds, c.health])).toEqual([
      ["db8", "db8", 1.2, "ok"],
      ["db9", "db9", 4, "ok"],
    ]);
    // the server's lag is its worst channel's; `replication` is the first channel
    expect(db10).toMatchObject({ lagSeconds: 4, health: "ok", readEligible: true });
    expect(db10.replication?.sourceId).toBe("db8");
    expect(db10.replication).not.toHaveProperty("name");
  });

  it("one channel stopped: that channel is stopped, the other ok, the server stopped and the problem names the channel", () => {
    const stopped = channel(33069, 9, { channel: "db9", sqlRunning: false, ioRunning: false, ioState: "stopped", secondsBehindSource: null });
    const view = analyseFleet(
      threeClusterFleet({ db10: { replication: [channel(33068, 8, { channel: "db8" }), stopped], heartbeats: [{ serverId: 8, ageSeconds: 0.5 }, { serverId: 9, ageSeconds: 70 }] } }),
    );
    const db10 = byId(view, "db10");
    expect(db10.channels.map((c) => [c.name, c.health])).toEqual([
      ["db8", "ok"],
      ["db9", "stopped"],
    ]);
    expect(db10).toMatchObject({ health: "stopped", lagSeconds: 70, readEligible: false });
    const p = view.problems.find((x) => x.code === "replication_stopped");
    expect(p).toMatchObject({ serverId: "db10", clusterId: "db10", message: 'Replication on db10 (channel "db9") is stopped (SQL thread).' });
  });

  it("a channel in error makes the server's health error with that channel's message", () => {
    const broken = channel(33068, 8, { channel: "db8", sqlRunning: false, lastSqlErrno: 1062, lastSqlError: "Duplicate entry '7' for key 'PRIMARY'" });
    const view = analyseFleet(threeClusterFleet({ db10: { replication: [broken, channel(33069, 9, { channel: "db9" })] } }));
    expect(byId(view, "db10").health).toBe("error");
    expect(view.problems.find((x) => x.code === "replication_error")?.message).toBe(
      `Replication on db10 (channel "db8") failed: Duplicate entry '7' for key 'PRIMARY'.`,
    );
  });
});
