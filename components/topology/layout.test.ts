import { describe, expect, it } from "vitest";
import { edgeStatus, layoutCluster, NODE_HEIGHT } from "./layout";
import { channelView, clusterView, serverView, storyCluster } from "./test-views";

const nodeOf = (layout: ReturnType<typeof layoutCluster>, id: string) => layout.nodes.find((n) => n.id === id)!;
const edgesInto = (layout: ReturnType<typeof layoutCluster>, id: string) => layout.edges.filter((e) => e.to === id);

describe("layoutCluster", () => {
  it("puts the writer on top with its co-master beside it, and the replicas below", () => {
    const { cluster, servers } = storyCluster();
    const layout = layoutCluster(cluster, servers);
    const [db1, db2, db3, db4] = ["db1", "db2", "db3", "db4"].map((id) => nodeOf(layout, id));
    expect(db1.y).toBe(db2.y);
    expect(db1.x).toBeLessThan(db2.x);
    expect(db3.y).toBeGreaterThan(db1.y + NODE_HEIGHT);
    expect(db4.y).toBe(db3.y);
    expect([db1.depth, db2.depth, db3.depth, db4.depth]).toEqual([0, 0, 1, 1]);
    expect(layout.width).toBeGreaterThanOrEqual(db4.x + 104);
    expect(layout.height).toBeGreaterThanOrEqual(db4.y + NODE_HEIGHT);
  });

  it("draws one edge per channel, the pair's both ways side by side", () => {
    const { cluster, servers } = storyCluster();
    const layout = layoutCluster(cluster, servers);
    expect(layout.edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(["db1->db2", "db1->db3", "db1->db4", "db2->db1"]);
    const [right, left] = [layout.edges.find((e) => e.to === "db2")!, layout.edges.find((e) => e.to === "db1")!];
    expect(right.y1).toBe(right.y2);
    expect(right.y1).not.toBe(left.y1);
  });

  it("puts a replica of a replica one row deeper than its source", () => {
    const { servers } = storyCluster({ db3: { relaying: true } });
    servers.push(serverView("db5", { channels: [channelView("db3", { lagSeconds: 2 })] }));
    const cluster = clusterView("shop", servers.map((s) => s.id), { coMaster: "db2" });
    const layout = layoutCluster(cluster, servers);
    expect(nodeOf(layout, "db5").depth).toBe(2);
    expect(nodeOf(layout, "db5").y).toBeGreaterThan(nodeOf(layout, "db3").y);
    expect(nodeOf(layout, "db3").relaying).toBe(true);
    expect(edgesInto(layout, "db5").map((e) => e.from)).toEqual(["db3"]);
  });

  it("gives a multi-source replica an edge from each source, below the deepest one, ends spread apart", () => {
    const { servers } = storyCluster();
    servers.push(serverView("db5", { channels: [channelView("db3")] }));
    servers.push(serverView("db6", { channels: [channelView("db1", { name: "orders" }), channelView("db5", { name: "ledger", lagSeconds: 40 })] }));
    const cluster = clusterView("shop", servers.map((s) => s.id), { coMaster: "db2" });
    const layout = layoutCluster(cluster, servers);
    const into = edgesInto(layout, "db6");
    expect(into.map((e) => [e.from, e.channel])).toEqual([["db1", "orders"], ["db5", "ledger"]]);
    expect(into[0].x2).not.toBe(into[1].x2);
    expect(into.map((e) => e.status)).toEqual(["ok", "past_cutoff"]);
    expect(nodeOf(layout, "db6").depth).toBe(3);
  });

  it("wraps a wide row so a phone keeps legible labels", () => {
    const servers = [serverView("w", { role: "writer", channels: [] })];
    for (let i = 1; i <= 9; i++) servers.push(serverView(`r${i}`, { channels: [channelView("w")] }));
    const cluster = clusterView("c", servers.map((s) => s.id));
    const narrow = layoutCluster(cluster, servers, 3);
    const wide = layoutCluster(cluster, servers, 10);
    expect(new Set(narrow.nodes.filter((n) => n.depth === 1).map((n) => n.y)).size).toBe(3);
    expect(new Set(wide.nodes.filter((n) => n.depth === 1).map((n) => n.y)).size).toBe(1);
    expect(narrow.width).toBeLessThan(wide.width);
    expect(narrow.width).toBeLessThanOrEqual(3 * 118 + 16);
  });

  it("shows a source outside the fleet as a node of its own above", () => {
    const servers = [serverView("db9", { role: "unknown", channels: [channelView(null, { sourceHost: "10.9.9.9", sourcePort: 3307 })] })];
    const layout = layoutCluster(clusterView("db9", ["db9"], { writer: null }), servers);
    const outside = nodeOf(layout, "10.9.9.9:3307");
    expect(outside.kind).toBe("external");
    expect(outside.y).toBeLessThan(nodeOf(layout, "db9").y);
    expect(layout.edges).toHaveLength(1);
  });

  it("terminates on a replication cycle without a writer", () => {
    const servers = [serverView("a", { channels: [channelView("b")] }), serverView("b", { channels: [channelView("a")] })];
    const layout = layoutCluster(clusterView("a", ["a", "b"], { writer: null }), servers);
    expect(layout.nodes).toHaveLength(2);
    expect(layout.edges).toHaveLength(2);
  });
});

describe("edgeStatus", () => {
  it("reads a channel's lag against the cutoff, a stopped channel as stopped, and no number as unknown", () => {
    expect(edgeStatus({ health: "ok", lagSeconds: 3 }, 10)).toBe("ok");
    expect(edgeStatus({ health: "lagging", lagSeconds: 30 }, 10)).toBe("past_cutoff");
    expect(edgeStatus({ health: "stopped", lagSeconds: 30 }, 10)).toBe("stopped");
    expect(edgeStatus({ health: "error", lagSeconds: null }, 10)).toBe("stopped");
    expect(edgeStatus({ health: "lagging", lagSeconds: null }, 10)).toBe("unknown");
    expect(edgeStatus({ health: "ok", lagSeconds: 1 }, 10, false)).toBe("unknown");
  });
});
