import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertEngine } from "@/lib/alerts";
import { getCollector } from "@/lib/collector";
import { pollDeadlineMs } from "@/lib/collector/collector";
import { startMonitoring, type Monitoring } from "@/lib/collector/monitor-worker";
import { resetConfigCache } from "@/lib/config";
import { labDir, scenario, waitFor } from "./lab";
import { restartWorkerAndAwaitPolls } from "./monitor-worker-helpers";

// The console's monitoring runs in a worker thread: the request side reads a mirror of it through
// the collector's own read API, and a worker that dies is replaced and the data flows again.
describe("the monitoring worker", () => {
  let monitoring: Monitoring;
  const lagOf = (id: string) => getCollector().topology().servers.find((s) => s.id === id)!;

  beforeAll(async () => {
    process.env.HOTSEAT_CONFIG = path.join(labDir, "hotseat.config.json");
    resetConfigCache();
    monitoring = startMonitoring({ log: () => undefined });
  });

  afterAll(() => {
    scenario("start-sql", "db4");
    getCollector().stop();
  });

  it("hands the request side real samples within one poll of start", async () => {
    expect(getCollector()).toBe(monitoring.mirror);
    await getCollector().pollOnce(); // first paint: a round trip to the worker
    const view = getCollector().topology();
    expect(view.writer).toBe("db1");
    expect(view.servers.every((s) => s.reachable)).toBe(true);
    expect(getCollector().snapshot().servers.find((s) => s.id === "db1")!.processlist.length).toBeGreaterThan(0);
    expect(getCollector().pollStats().db1.polls).toBeGreaterThan(0);
  });

  it("shows a replica's real lag growing once its SQL thread stops, and the alert engine's state", async () => {
    scenario("stop-sql", "db4");
    await waitFor(() => (lagOf("db4").lagSeconds ?? 0) > 3, 20_000, "db4 lagging in the mirror");
    expect(lagOf("db4").lagSource).toBe("heartbeat");
    await waitFor(() => getCollector().historyOf("db4", 60)!.some((p) => (p.lagSeconds ?? 0) > 3), 5_000, "the lag in the mirror's history");
    await waitFor(() => alertEngine()!.current().some((a) => a.serverId === "db4" && a.ruleId === "replication_stopped"), 10_000, "replication_stopped pending or firing for db4");
    scenario("start-sql", "db4");
    await waitFor(() => lagOf("db4").lagSeconds === 0 || (lagOf("db4").lagSeconds ?? 99) < 2, 20_000, "db4 caught up");
  });

  it("restarts a killed worker and fresh polls come again; a worker gone for good reads as stale", async () => {
    await restartWorkerAndAwaitPolls(monitoring);
    expect(getCollector().topology().servers.every((s) => s.reachable)).toBe(true);

    // a worker that is ended for good: the mirror says its data is stale instead of freezing on it
    getCollector().stop();
    await waitFor(
      () => getCollector().snapshot().servers.every((s) => !s.reachable && /monitoring not answering for \d+ s/.test(s.error ?? "")),
      pollDeadlineMs(getCollector().config) + 5000,
      "every server marked not answering",
    );
    expect(getCollector().topology().servers.every((s) => !s.reachable)).toBe(true);
  }, 60_000);
});
