import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfigCache } from "@/lib/config";
import { getCollector } from "@/lib/collector";
import { apiRequest, labConfig, labDir, labSecrets, scenario, waitFor } from "./lab";
import path from "node:path";

// The story's frozen mysqld (SIGSTOP): it must be marked unreachable fast, without slowing the others or the API.
describe("a frozen server", () => {
  let GET: (typeof import("@/app/api/topology/route"))["GET"];
  const token = () => labSecrets().tokens["lab-viewer"];

  beforeAll(async () => {
    process.env.HOTSEAT_CONFIG = path.join(labDir, "hotseat.config.json");
    resetConfigCache();
    ({ GET } = await import("@/app/api/topology/route"));
    const collector = getCollector();
    await waitFor(() => collector.topology().servers.every((s) => s.reachable), 15_000, "every server reachable");
  });

  afterAll(() => {
    scenario("thaw", "db3");
    getCollector().stop();
  });

  async function topologyViaApi() {
    const started = performance.now();
    const res = await GET(apiRequest("/api/topology", token()), { params: Promise.resolve({}) as never });
    return { res, ms: performance.now() - started, body: await res.json() };
  }

  it("is marked unreachable within a few seconds while the others stay live and the API stays fast", async () => {
    const cutoff = labConfig().lagCutoffSeconds;
    scenario("freeze", "db3");
    const frozenAt = Date.now();

    await waitFor(async () => {
      const { body } = await topologyViaApi();
      return body.servers.find((s: { id: string }) => s.id === "db3").reachable === false;
    }, 8_000, "db3 unreachable");
    const detectedAfter = (Date.now() - frozenAt) / 1000;
    expect(detectedAfter).toBeLessThan(6);

    // Keep watching for a few polls: the others keep being polled, every answer is quick.
    const before = getCollector().snapshot().servers.find((s) => s.id === "db1")!.lastSeenAt!;
    const timings: number[] = [];
    for (let i = 0; i < 12; i++) {
      const { res, ms, body } = await topologyViaApi();
      expect(res.status).toBe(200);
      timings.push(ms);
      const db3 = body.servers.find((s: { id: string }) => s.id === "db3");
      expect(db3.health).toBe("unreachable");
      expect(db3.readEligible).toBe(false);
      for (const id of ["db1", "db2", "db4"]) {
        expect(body.servers.find((s: { id: string }) => s.id === id).reachable).toBe(true);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const after = getCollector().snapshot().servers.find((s) => s.id === "db1")!.lastSeenAt!;
    expect(after - before).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...timings)).toBeLessThan(200);
    expect(cutoff).toBeGreaterThan(0);
  });

  it("comes back by itself when thawed", async () => {
    scenario("thaw", "db3");
    await waitFor(() => getCollector().topology().servers.find((s) => s.id === "db3")!.reachable, 10_000, "db3 reachable again");
  });
});
