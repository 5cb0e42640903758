import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCollector } from "@/lib/collector";
import type { FenceProgress } from "@/lib/actions/failover";
import type { TopologyView } from "@/lib/topology";
import { getPublishedWriter } from "@/lib/writer";
import { requestAs, useLabConfig } from "./auth-helpers";
import { serverState } from "./failover-helpers";
import { scenario, waitFor } from "./lab";

/**
 * After the emergency switch away from a frozen db1, GET /api/topology shows db2 as the writer
 * with its broken channel to db1 as expected (not an error), db1 as the unreachable co-master, and
 * GET /api/failover the fence's progress; thawed, db1 is fenced read-only. The lab is left as found.
 */
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let topologyRoute: { GET: Handler };
let failoverRoute: { GET: Handler; POST: Handler };
let planRoute: { POST: Handler };

async function call<T>(route: Handler, role: "viewer" | "operator", url: string, method = "GET", body?: unknown): Promise<{ status: number; body: T }> {
  const res = await route(await requestAs({ kind: "token", role }, url, { method, body }), { params: Promise.resolve({}) });
  return { status: res.status, body: (await res.json()) as T };
}
const topology = async () => (await call<TopologyView>(topologyRoute.GET, "viewer", "/api/topology")).body;
const fences = async () => (await call<{ fences: FenceProgress[] }>(failoverRoute.GET, "viewer", "/api/failover")).body.fences;
const failover = (body: Record<string, unknown>) => call<{ error?: { rule?: string } }>(failoverRoute.POST, "operator", "/api/failover", "POST", body);

async function failBackToDb1(): Promise<void> {
  if ((await getPublishedWriter())?.id === "db1") return;
  await waitFor(async () => (await call<{ allowed: boolean }>(planRoute.POST, "operator", "/api/failover/plan", "POST", { candidate: "db1" })).body.allowed, 60_000, "failback to db1 allowed");
  const back = await failover({ candidate: "db1", mode: "graceful", acknowledge: ["flap_window"] });
  expect(back.status, JSON.stringify(back.body)).toBe(200);
}

describe("the dashboard's view after an emergency switch", () => {
  beforeAll(async () => {
    useLabConfig();
    topologyRoute = (await import("@/app/api/topology/route")) as unknown as typeof topologyRoute;
    failoverRoute = (await import("@/app/api/failover/route")) as unknown as typeof failoverRoute;
    planRoute = (await import("@/app/api/failover/plan/route")) as unknown as typeof planRoute;
    const collector = getCollector();
    await waitFor(() => collector.topology().writer === "db1" && collector.topology().servers.every((s) => s.reachable), 20_000, "the lab polled, db1 the writer");
  });
  afterAll(async () => {
    scenario("thaw", "db1"); // always
    await failBackToDb1().catch((err) => console.error("failing back to db1 failed:", err));
    getCollector().stop();
  }, 120_000);

  it("shows db2 as the writer, its channel to db1 as expected, db1 fenced until it answers", async () => {
    scenario("freeze", "db1");
    try {
      await waitFor(async () => (await topology()).problems.some((p) => p.code === "no_writer"), 20_000, "no_writer for the frozen db1");
      const r = await failover({ candidate: "db2", mode: "emergency", acknowledge: true });
      expect(r.status, JSON.stringify(r.body)).toBe(200);

      const view = await waitFor(async () => {
        const v = await topology();
        return v.writer === "db2" && v.servers.find((s) => s.id === "db3")?.replication?.sourceId === "db2" ? v : null;
      }, 20_000, "db2 the writer, db3 moved to it");
      const db2 = view.servers.find((s) => s.id === "db2")!;
      expect(db2).toMatchObject({ role: "writer", health: "ok", lagSeconds: 0 });
      expect(db2.replicationNote).toBe("Expected: this channel reads from db1, the old writer, which cannot be reached; it resumes when db1 answers.");
      expect(view.servers.find((s) => s.id === "db1")).toMatchObject({ role: "co-master", reachable: false, health: "unreachable", coMasterOf: "db2" });
      expect(view.problems.filter((p) => p.code === "replication_error" || p.code === "no_writer")).toEqual([]);

      const [fence] = await waitFor(async () => {
        const f = await fences();
        return f.length && f[0].attempts >= 2 ? f : null;
      }, 15_000, "the fence of db1 trying");
      expect(fence).toMatchObject({ serverId: "db1" });
      expect(fence.lastError).toBeTruthy();
      expect(Date.parse(fence.since)).toBeLessThanOrEqual(Date.now());
    } finally {
      scenario("thaw", "db1");
    }
    // Answering again, db1 is set read-only by the fence, and the fence is done.
    await waitFor(async () => (await serverState("db1")).readOnly, 20_000, "db1 fenced read-only");
    await waitFor(async () => (await fences()).length === 0, 10_000, "no fence left");
  });
});
