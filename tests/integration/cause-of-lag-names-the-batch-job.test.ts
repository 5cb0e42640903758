import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Collector } from "@/lib/collector";
import type { CauseView } from "@/lib/processlist";
import { GET as causesGET } from "@/app/api/causes/route";
import { requestAs } from "./auth-helpers";
import { labConfig, scenario, waitFor } from "./lab";
import { VIEWER, startDigestCollector } from "./processlist-helpers";

/**
 * The cause beside the symptom, from real replication: the lab's batch job reconciles the
 * order_ledger on db1 until the replicas fall behind; GET /api/causes then names, for a lagging
 * replica, the table its SQL thread applies and the batch job's account writing most on db1,
 * with links to the full views.
 */
async function causes(): Promise<CauseView> {
  const res = await causesGET(await requestAs(VIEWER, "/api/causes"), { params: Promise.resolve({}) });
  expect(res.status).toBe(200);
  return (await res.json()) as CauseView;
}

describe("the cause of a replica's lag", () => {
  let collector: Collector;

  beforeAll(async () => {
    collector = await startDigestCollector();
    scenario("batch-lag", "--seconds=120");
  });

  afterAll(async () => {
    scenario("stop-batch");
    try {
      // The replicas catch up by themselves once the job stops; later tests expect a quiet lab.
      await waitFor(() => collector.topology().servers.every((s) => s.health === "ok"), 120_000, "the replicas caught up after the batch job");
    } finally {
      collector?.stop();
      delete (globalThis as { __hotseatCollector?: unknown }).__hotseatCollector;
    }
  }, 150_000);

  it("names the batch job's table on the lagging replica and its writer on db1", async () => {
    const cause = await waitFor(
      async () =>
        (await causes()).replicas.find(
          (r) => r.applying?.table === "order_ledger" && r.topWriter?.table === "order_ledger" && r.topWriter.account.startsWith("app@"),
        ),
      120_000,
      "a lagging replica applying order_ledger while app writes it on db1",
    );
    expect(["db2", "db3", "db4"]).toContain(cause.serverId);
    expect(cause.lagSeconds ?? Infinity).toBeGreaterThan(labConfig().lagCutoffSeconds);
    expect(cause.applying).toMatchObject({ kind: "UPDATE", table: "order_ledger" });
    expect(cause.applying!.statement).toMatch(/order_ledger/i);
    expect(cause.sourceId).toBe("db1");
    expect(cause.topWriter).toMatchObject({ kind: "update", source: "performance_schema" });
    expect(cause.topWriter!.fingerprint).toMatch(/^UPDATE `order_ledger`/i);
    // Real rows written by the job, as performance_schema counted them.
    expect(cause.topWriter!.rowsPerSecond).toBeGreaterThan(0);
    expect(cause.applyingHref).toBe(`/processlist?server=${cause.serverId}#replica-activity`);
    expect(cause.writersHref).toBe("/servers/db1#writers");
    // Its problem row links to who is writing on db1.
    const view = await causes();
    expect(view.actions).toContainEqual(
      expect.objectContaining({ code: "replica_lagging", serverId: cause.serverId, href: "/servers/db1#writers" }),
    );
  }, 150_000);
});
