import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCollector } from "@/lib/collector";
import { gtidCovers } from "@/lib/actions/failover";
import { repointReplicaSql } from "@/lib/mysql/failover";
import { requestAs } from "./auth-helpers";
import { asRootExtra, EXTRA_IDS, stopClusterLab, useClusterLab, type ClusterLab } from "./clusters-helpers";
import { asRoot, portOf, serverState, SERVERS } from "./failover-helpers";
import { waitFor } from "./lab";

/**
 * A failover never leaves its cluster, on real servers: a candidate from another cluster is refused
 * in words and nothing changes anywhere (read_only and sources read back from all ten servers); a
 * switch of the shop's writer leaves auth and analytics exactly as they were. The shop is switched
 * back at the end, so the lab is left as found.
 */

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let lab: ClusterLab;
let failoverRoute: { GET: Handler; POST: Handler };
let planRoute: { POST: Handler };
let writerRoute: { GET: Handler };
const noParams = { params: Promise.resolve({}) };

async function call(route: Handler, role: "viewer" | "operator", url: string, method = "GET", body?: unknown) {
  const res = await route(await requestAs({ kind: "token", role }, url, { method, body }), noParams);
  return { status: res.status, body: await res.json() };
}
const failover = (body: Record<string, unknown>) => call(failoverRoute.POST, "operator", "/api/failover", "POST", body);
const writerOf = async (cluster: string) => (await call(writerRoute.GET, "viewer", `/api/topology/writer?cluster=${cluster}`)).body.id as string;

/** What every one of the ten servers really says: read_only and where each channel reads from. */
async function fleetState(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const id of SERVERS) {
    const s = await serverState(id);
    out[id] = `ro=${s.readOnly} src=${s.sourcePort}`;
  }
  for (const id of EXTRA_IDS) {
    const [v] = await asRootExtra<Record<string, unknown>[]>(lab, id, "SELECT @@read_only AS ro");
    const channels = await asRootExtra<Record<string, unknown>[]>(lab, id, "SHOW ALL SLAVES STATUS");
    out[id] = `ro=${Number(v.ro) === 1} src=${channels.map((c) => `${String(c.Connection_name)}:${String(c.Master_Port)}`).join(",")}`;
  }
  return out;
}

/** Best effort: db1 the shop's writer again, db2..db4 following it. */
async function restoreShop() {
  try {
    const [db1, db2] = [await serverState("db1"), await serverState("db2")];
    if (db1.readOnly || !db2.readOnly) {
      await asRoot("db2", "SET GLOBAL read_only = ON");
      await waitFor(async () => gtidCovers((await serverState("db1")).pos, (await serverState("db2")).binlog), 20_000, "db1 caught up");
      await asRoot("db1", "SET GLOBAL read_only = OFF");
    }
    for (const id of ["db3", "db4"] as const) {
      if ((await serverState(id)).sourcePort !== portOf("db1"))
        for (const { sql, params } of repointReplicaSql("mariadb", { host: "127.0.0.1", port: portOf("db1") })) await asRoot(id, sql, params);
    }
  } catch (err) {
    console.error("restoring the shop failed:", err);
  }
}

describe("a failover never leaves its cluster", () => {
  beforeAll(async () => {
    lab = await useClusterLab();
    failoverRoute = (await import("@/app/api/failover/route")) as unknown as typeof failoverRoute;
    planRoute = (await import("@/app/api/failover/plan/route")) as unknown as typeof planRoute;
    writerRoute = (await import("@/app/api/topology/writer/route")) as unknown as typeof writerRoute;
    const t = () => getCollector().topology();
    await waitFor(() => t().servers.length === 10 && t().servers.every((s) => s.reachable && s.health === "ok") && t().writer === "db1", 30_000, "ten servers healthy, db1 the shop's writer");
  });

  afterAll(async () => {
    await restoreShop();
    getCollector().stop();
    await stopClusterLab(lab);
  });

  it("refuses a candidate from another cluster with the reason in words, and changes nothing on any server", async () => {
    const before = await fleetState();
    const plan = await call(planRoute.POST, "operator", "/api/failover/plan", "POST", { candidate: "db5" });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ allowed: false, cluster: { id: "shop" }, refusal: { rule: "other_cluster" } });
    expect(plan.body.candidates.map((c: { id: string }) => c.id)).toEqual(["db2", "db3", "db4"]);

    const r = await failover({ candidate: "db5", mode: "graceful" });
    expect(r.status).toBe(409);
    expect(r.body.error.rule).toBe("other_cluster");
    expect(r.body.error.message).toMatch(/db5 is in cluster auth, not shop: a failover never leaves its cluster/);

    // the shop's co-master offered as auth's writer: refused the same way
    const r2 = await failover({ candidate: "db2", cluster: "auth", mode: "graceful" });
    expect(r2.status).toBe(409);
    expect(r2.body.error.message).toMatch(/db2 is in cluster shop, not auth/);

    const unknown = await failover({ candidate: "db2", cluster: "billing", mode: "graceful" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('Unknown cluster "billing"');

    expect(await fleetState()).toEqual(before);
    expect([await writerOf("shop"), await writerOf("auth"), await writerOf("analytics")]).toEqual(["db1", "db5", "db8"]);
  });

  it("offers each cluster's own candidates on the Failover page's answer", async () => {
    const shop = await call(failoverRoute.GET, "viewer", "/api/failover?limit=3");
    expect(shop.body).toMatchObject({ cluster: "shop", writer: { id: "db1" } });
    expect(shop.body.clusters.map((c: { id: string; writer: string }) => `${c.id}:${c.writer}`)).toEqual(["shop:db1", "auth:db5", "analytics:db8"]);
    const auth = await call(failoverRoute.GET, "viewer", "/api/failover?limit=3&cluster=auth");
    expect(auth.body).toMatchObject({ cluster: "auth", writer: { id: "db5", source: "discovered" } });
    // auth has no master-master pair: nobody may take over there, and nobody from elsewhere is offered
    expect(auth.body.candidates.map((c: { id: string; eligible: boolean }) => `${c.id}:${c.eligible}`)).toEqual(["db6:false", "db7:false"]);
    expect((await call(failoverRoute.GET, "viewer", "/api/failover?cluster=billing")).status).toBe(404);
  });

  it("switches the shop's writer to its co-master and leaves auth and analytics untouched; then back", async () => {
    const before = await fleetState();
    const r = await failover({ candidate: "db2", cluster: "shop", mode: "graceful", acknowledge: true });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ status: "ok", from: "db1", to: "db2" });

    const after = await fleetState();
    expect(after.db1).toMatch(/^ro=true/);
    expect(after.db2).toMatch(/^ro=false/);
    for (const id of EXTRA_IDS) expect(after[id], id).toBe(before[id]);
    expect([await writerOf("shop"), await writerOf("auth"), await writerOf("analytics")]).toEqual(["db2", "db5", "db8"]);
    await waitFor(() => getCollector().topology().clusters.map((c) => c.writer).join() === "db2,db5,db8", 10_000, "the console sees db2, db5, db8 as the writers");
    expect(getCollector().topology().problems.filter((p) => p.clusterId !== "shop")).toEqual([]);

    const back = await failover({ candidate: "db1", cluster: "shop", mode: "graceful", acknowledge: true });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(await writerOf("shop")).toBe("db1");
    // every server of every cluster as it was: db1 writable, db2..db4 following it again
    expect(await fleetState()).toEqual(before);
  });
});
