import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCollector } from "@/lib/collector";
import type { ServerView, TopologyView } from "@/lib/topology";
import { requestAs } from "./auth-helpers";
import { asRootExtra, stopClusterLab, useClusterLab, type ClusterLab } from "./clusters-helpers";
import { waitFor } from "./lab";

/**
 * Three clusters on real servers: the shop (db1 <-> db2, db3, db4), auth (db5 -> db6 -> db7, a
 * chain) and analytics (db8 and db9 both writers, db10 replicating from both through MariaDB named
 * connections). Each cluster finds its own writer with no false problem; the chained replica's lag
 * is the writer's heartbeat end to end; a stopped channel is judged on its own.
 */

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let lab: ClusterLab;
let writerRoute: { GET: Handler };
let topologyRoute: { GET: Handler };

const topology = (): TopologyView => getCollector().topology();
const server = (id: string): ServerView => topology().servers.find((s) => s.id === id)!;

async function get(route: Handler, url: string) {
  const res = await route(await requestAs({ kind: "token", role: "viewer" }, url), { params: Promise.resolve({}) });
  return { status: res.status, body: await res.json() };
}

describe("several clusters in one console", () => {
  beforeAll(async () => {
    lab = await useClusterLab();
    writerRoute = (await import("@/app/api/topology/writer/route")) as unknown as typeof writerRoute;
    topologyRoute = (await import("@/app/api/topology/route")) as unknown as typeof topologyRoute;
    await waitFor(
      () => topology().servers.length === 10 && topology().servers.every((s) => s.reachable && s.health === "ok") && topology().clusters.length === 3,
      30_000,
      "all ten servers polled and healthy in three clusters",
    );
    // The writers' heartbeat rows reach a chained replica two hops later than they are stamped.
    await waitFor(
      () => topology().servers.every((s) => s.role === "writer" || s.lagSource === "heartbeat"),
      30_000,
      "every replica's lag read from its writer's heartbeat",
    );
  });

  afterAll(async () => {
    await asRootExtra(lab, "db6", "START SLAVE SQL_THREAD").catch(() => undefined);
    await asRootExtra(lab, "db10", "START SLAVE 'db9'").catch(() => undefined);
    getCollector().stop();
    await stopClusterLab(lab);
  });

  it("finds each cluster with its own writer, and no false problem: no split brain, no unknown role", async () => {
    const { status, body } = await get(topologyRoute.GET, "/api/topology");
    expect(status).toBe(200);
    const view = body as TopologyView;
    expect(view.clusters.map((c) => [c.id, c.name, c.writer, c.coMaster, c.lagCutoffSeconds, c.serverIds])).toEqual([
      ["shop", "Shop", "db1", "db2", view.lagCutoffSeconds, ["db1", "db2", "db3", "db4"]],
      ["auth", "Auth", "db5", null, view.lagCutoffSeconds, ["db5", "db6", "db7"]],
      ["analytics", "Analytics", "db8", null, 60, ["db8", "db9", "db10"]],
    ]);
    expect(view.writer).toBe("db1");
    expect(view.servers.map((s) => `${s.id}:${s.clusterId}:${s.role}`)).toEqual([
      "db1:shop:writer",
      "db2:shop:co-master",
      "db3:shop:replica",
      "db4:shop:replica",
      "db5:auth:writer",
      "db6:auth:replica",
      "db7:auth:replica",
      "db8:analytics:writer",
      "db9:analytics:writer",
      "db10:analytics:replica",
    ]);
    expect(view.problems.filter((p) => p.clusterId !== "shop")).toEqual([]);
    expect(view.problems.map((p) => p.code)).not.toContain("multiple_writers");
    expect(view.servers.filter((s) => s.role !== "writer").every((s) => s.readEligible)).toBe(true);

    expect((await get(writerRoute.GET, "/api/topology/writer")).body).toMatchObject({ id: "db1", cluster: "shop" });
    expect((await get(writerRoute.GET, "/api/topology/writer?cluster=auth")).body).toMatchObject({ id: "db5", cluster: "auth", source: "discovered" });
    expect((await get(writerRoute.GET, "/api/topology/writer?cluster=analytics")).body).toMatchObject({ id: "db8" });
    const unknown = await get(writerRoute.GET, "/api/topology/writer?cluster=billing");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual({ code: "not_found", message: 'Unknown cluster "billing"' });
  });

  it("a chained replica's lag rises when its intermediate source stops applying, though its own threads run", async () => {
    expect(server("db6").relaying).toBe(true);
    expect(server("db7")).toMatchObject({ relaying: false, lagSource: "heartbeat" });
    expect(server("db7").replication?.sourceId).toBe("db6");
    await asRootExtra(lab, "db6", "STOP SLAVE SQL_THREAD");
    const cutoff = topology().clusters.find((c) => c.id === "auth")!.lagCutoffSeconds;
    await waitFor(() => (server("db7").lagSeconds ?? 0) > cutoff, (cutoff + 10) * 1000, `db7's lag past ${cutoff} s`);
    const db7 = server("db7");
    // db7's own channel is fine and reads 0 s behind db6: only the heartbeat from db5 shows the truth
    expect(db7.channels[0]).toMatchObject({ ioRunning: true, sqlRunning: true, sourceId: "db6" });
    expect(db7).toMatchObject({ lagSource: "heartbeat", health: "lagging", readEligible: false });
    expect(server("db6").health).toBe("stopped");
    const codes = topology().problems.filter((p) => p.clusterId === "auth").map((p) => `${p.code}:${p.serverId}`);
    expect(codes).toEqual(expect.arrayContaining(["replication_stopped:db6", "replica_lagging:db7", "all_replicas_past_cutoff:db5"]));
    // the other clusters are not affected
    expect(topology().problems.filter((p) => p.clusterId === "analytics")).toEqual([]);

    await asRootExtra(lab, "db6", "START SLAVE SQL_THREAD");
    await waitFor(() => server("db7").health === "ok" && server("db7").readEligible, 20_000, "db7 caught up");
  });

  it("a two-source replica with one channel stopped is stopped on that channel, the other channel still ok", async () => {
    expect(server("db10").channels.map((c) => [c.name, c.sourceId, c.health])).toEqual([
      ["db8", "db8", "ok"],
      ["db9", "db9", "ok"],
    ]);
    await asRootExtra(lab, "db10", "STOP SLAVE 'db9'");
    await waitFor(() => server("db10").channels.find((c) => c.name === "db9")?.health === "stopped", 10_000, "db10's channel db9 stopped");
    const db10 = server("db10");
    expect(db10.channels.map((c) => [c.name, c.ioState, c.sqlRunning, c.health])).toEqual([
      ["db8", "running", true, "ok"],
      ["db9", "stopped", false, "stopped"],
    ]);
    expect(db10.health).toBe("stopped");
    // each channel has its own lag from its own writer's heartbeat: db9's stops ageing on db10, db8's does not
    await waitFor(() => (server("db10").channels[1].lagSeconds ?? 0) > 4, 10_000, "db9's heartbeat ageing on db10");
    const later = server("db10");
    expect(later.channels[0].lagSeconds).toBeLessThan(3);
    expect(later.lagSeconds).toBe(later.channels[1].lagSeconds);
    const p = topology().problems.find((x) => x.code === "replication_stopped" && x.serverId === "db10");
    expect(p).toMatchObject({ clusterId: "analytics", message: 'Replication on db10 (channel "db9") is stopped (SQL thread).' });

    await asRootExtra(lab, "db10", "START SLAVE 'db9'");
    await waitFor(() => server("db10").health === "ok", 10_000, "db10's channels both running");
  });
});
