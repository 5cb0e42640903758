import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCollector } from "@/lib/collector";
import { startMonitoring, type Monitoring } from "@/lib/collector/monitor-worker";
import { resetConfigCache, serverPassword } from "@/lib/config";
import { setLeader } from "@/lib/leader";
import { closeQuietly, openConnection, query, type Connection } from "@/lib/mysql";
import { labConfig, labDir, waitFor } from "./lab";
import { restartWorkerAndAwaitPolls } from "./monitor-worker-helpers";

/**
 * The monitoring worker is a thread with its own copy of the console's leadership: it is told at
 * its start and at every change. A follower's worker polls but leaves the writer's heartbeat row to
 * the leader; a worker restarted while the console follows does not stamp either.
 */
describe("the monitoring worker follows the console's leadership", () => {
  let monitoring: Monitoring;
  let writer: Connection;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** The writer's own heartbeat row (pt-heartbeat's ts, microseconds). */
  const stamp = async () => String((await query(writer, "SELECT ts FROM hotseat.heartbeat WHERE server_id = @@server_id"))[0]?.ts ?? "");
  const advancing = async (ms: number) => {
    const before = await stamp();
    await sleep(ms);
    return (await stamp()) !== before;
  };

  beforeAll(async () => {
    process.env.HOTSEAT_CONFIG = path.join(labDir, "hotseat.config.json");
    resetConfigCache();
    const db1 = labConfig().servers.find((s) => s.id === "db1")!;
    writer = await openConnection({ host: db1.host, port: db1.port, user: db1.user, password: serverPassword(db1) });
    setLeader(true);
    monitoring = startMonitoring({ log: () => undefined });
    await getCollector().pollOnce();
  });

  afterAll(() => {
    getCollector().stop();
    setLeader(true);
    if (writer) closeQuietly(writer);
  });

  it("the leader's worker stamps the writer's heartbeat every poll", async () => {
    expect(await advancing(2500)).toBe(true);
  });

  it("a follower's worker stops stamping at once but keeps polling, and stamps again when it leads", async () => {
    setLeader(false);
    await sleep(1500); // a poll already under way may still stamp once
    const polls = getCollector().pollStats().db1.polls;
    expect(await advancing(3000)).toBe(false);
    expect(getCollector().pollStats().db1.polls).toBeGreaterThan(polls);
    expect(getCollector().topology().servers.every((s) => s.reachable)).toBe(true);
    setLeader(true);
    await waitFor(() => advancing(1500), 6000, "the heartbeat advancing again");
  });

  it("a worker restarted while the console follows starts as a follower", async () => {
    setLeader(false);
    await restartWorkerAndAwaitPolls(monitoring);
    expect(await advancing(3000)).toBe(false);
    setLeader(true);
    await waitFor(() => advancing(1500), 6000, "the new worker stamping once it leads");
  }, 60_000);
});
