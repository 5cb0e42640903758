import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labHelperPid, startPollers, stopPollers } from "./app-helpers";
import { waitFor } from "./lab";

/**
 * An app server that does not answer (the lab's nginx, which serves both status pages, SIGSTOPped)
 * is unreachable within a few seconds and listed as app_server_unreachable, while every database
 * keeps being polled; thawed, it is back by itself.
 */
describe("a frozen app server", () => {
  let nginx = 0;
  beforeAll(async () => {
    await startPollers();
    nginx = labHelperPid("nginx");
  });
  afterAll(() => {
    try {
      process.kill(-nginx, "SIGCONT");
    } catch {
      // already gone
    }
    stopPollers();
  });

  it("is unreachable within a few seconds while the databases stay live", async () => {
    const { collector, fleet } = await startPollers();
    process.kill(-nginx, "SIGSTOP");
    const frozenAt = Date.now();
    await waitFor(() => fleet.snapshot().appServers[0].health === "unreachable", 8_000, "app1 unreachable");
    expect((Date.now() - frozenAt) / 1000).toBeLessThan(6);
    expect(fleet.snapshot().appServers[0].error).toMatch(/timed out/);
    expect(collector.topology().problems).toContainEqual(expect.objectContaining({ code: "app_server_unreachable", serverId: "app1" }));

    const seen = () => collector.snapshot().servers.map((s) => s.lastSeenAt ?? 0);
    const before = seen();
    await new Promise((r) => setTimeout(r, 3000));
    const after = seen();
    after.forEach((t, i) => expect(t - before[i]).toBeGreaterThanOrEqual(2000));
    expect(collector.topology().servers.every((s) => s.reachable)).toBe(true);
  });

  it("comes back by itself when thawed", async () => {
    process.kill(-nginx, "SIGCONT");
    const { fleet } = await startPollers();
    await waitFor(() => fleet.snapshot().appServers[0].health !== "unreachable", 10_000, "app1 reachable again");
  });
});
