import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Collector } from "@/lib/collector";
import { labConfig, scenario, waitFor } from "./lab";

// Real replication: stopping db4's SQL thread makes its heartbeat age grow past the cutoff.
describe("a stopped SQL thread on db4", () => {
  const config = labConfig();
  const collector = new Collector(config);
  const db4 = () => collector.topology().servers.find((s) => s.id === "db4")!;

  beforeAll(async () => {
    collector.start();
    await waitFor(() => db4().lagSource === "heartbeat" && db4().readEligible, 15_000, "db4 healthy on heartbeat lag");
  });

  afterAll(() => {
    scenario("start-sql", "db4");
    collector.stop();
  });

  it("pushes its true lag past the cutoff and takes it out of the read pool", async () => {
    scenario("stop-sql", "db4");
    const cutoff = config.lagCutoffSeconds;

    await waitFor(() => db4().health === "stopped", 5_000, "db4 health stopped");
    const lagging = await waitFor(
      () => {
        const s = db4();
        return s.lagSeconds != null && s.lagSeconds > cutoff ? s : null;
      },
      (cutoff + 10) * 1000,
      `db4 lag past ${cutoff} s`,
    );
    expect(lagging.lagSource).toBe("heartbeat");
    expect(lagging.readEligible).toBe(false);
    expect(lagging.replication?.sqlRunning).toBe(false);
    expect(lagging.replication?.ioRunning).toBe(true);

    const view = collector.topology();
    expect(view.problems.map((p) => `${p.code}:${p.serverId}`)).toEqual(
      expect.arrayContaining(["replication_stopped:db4", "replica_lagging:db4"]),
    );
    // The others keep serving reads, so the root-cause warning must not fire.
    expect(view.servers.filter((s) => s.readEligible).map((s) => s.id).sort()).toEqual(["db2", "db3"]);
    expect(view.problems.some((p) => p.code === "all_replicas_past_cutoff")).toBe(false);

    // The history the chart draws holds the same real rise (recorded at the next poll tick).
    const peak = () => Math.max(...collector.historyOf("db4", 60)!.map((p) => p.lagSeconds ?? 0));
    await waitFor(() => peak() > cutoff, 3_000, "history past the cutoff");
  });

  it("recovers once the SQL thread runs again", async () => {
    scenario("start-sql", "db4");
    const back = await waitFor(() => (db4().readEligible ? db4() : null), 20_000, "db4 eligible again");
    expect(back.lagSeconds).toBeLessThanOrEqual(config.lagCutoffSeconds);
    expect(back.health).toBe("ok");
  });
});
