import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReplicaActivity } from "@/lib/processlist";
import { scenario, waitFor } from "./lab";
import { processlist, startConsole, stopConsole } from "./processlist-helpers";

/**
 * "What the replica is doing", from the lab's real replication: GET /api/processlist?server=db4
 * names db4's source, its SQL thread's state and its positions; stopping the SQL thread shows.
 */
async function db4Activity(): Promise<ReplicaActivity | undefined> {
  const { status, body } = await processlist("?server=db4");
  expect(status).toBe(200);
  return (body.replicas as ReplicaActivity[]).find((r) => r.serverId === "db4");
}

describe("replica activity in GET /api/processlist", () => {
  beforeAll(async () => {
    await startConsole();
  });
  afterAll(() => {
    scenario("start-sql", "db4");
    stopConsole();
  });

  it("db4 replicates from db1 with its SQL thread running, and says where it is", async () => {
    const a = await waitFor(async () => {
      const r = await db4Activity();
      return r?.sqlRunning && r.ioRunning ? r : undefined;
    }, 15_000, "db4's replica activity with both threads running");
    expect(a).toMatchObject({ serverId: "db4", sourceId: "db1", sqlRunning: true, ioRunning: true, lastError: null });
    expect(a.execPosition).toMatch(/^.+:\d+$/);
    expect(a.relayPosition).toMatch(/^.+:\d+$/);
    expect(a.gtidPosition).toMatch(/^\d+-\d+-\d+/); // MariaDB domain-server-seq
    expect(a.sqlState).toBeTruthy();
    // Only the asked server's channels: db1 (the writer here) would be another entry.
    const { body } = await processlist("?server=db4");
    expect((body.replicas as ReplicaActivity[]).every((r) => r.serverId === "db4")).toBe(true);
  });

  it("after stop-sql db4 the SQL thread is not running and applies nothing", async () => {
    try {
      scenario("stop-sql", "db4");
      const a = await waitFor(async () => {
        const r = await db4Activity();
        return r && !r.sqlRunning ? r : undefined;
      }, 15_000, "db4's SQL thread reported stopped");
      expect(a).toMatchObject({ sourceId: "db1", sqlRunning: false, ioRunning: true, applyingForSeconds: null, secondsBehindSource: null });
      expect(a.execPosition).toMatch(/^.+:\d+$/);
    } finally {
      scenario("start-sql", "db4");
    }
    await waitFor(async () => (await db4Activity())?.sqlRunning, 15_000, "db4's SQL thread running again");
  });
});
