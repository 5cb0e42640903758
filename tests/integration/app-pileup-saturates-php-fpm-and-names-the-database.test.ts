import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as appServersGET } from "@/app/api/app-servers/route";
import { GET as topologyGET } from "@/app/api/topology/route";
import { requestAs } from "./auth-helpers";
import { startPollers, stopPollers } from "./app-helpers";
import { scenario, waitFor } from "./lab";

const none = { params: Promise.resolve({}) };
type AppTier = { appServers: { id: string; health: string; phpFpm: { activeProcesses: number; totalProcesses: number; listenQueue: number } | null }[]; causalLine: { message: string; databaseProblems: { code: string }[] } | null };

async function appTier(): Promise<AppTier> {
  const res = await appServersGET(await requestAs({ kind: "token", role: "viewer" }, "/api/app-servers"), none);
  expect(res.status).toBe(200);
  return res.json();
}
async function problemCodes(): Promise<string[]> {
  const res = await topologyGET(await requestAs({ kind: "token", role: "viewer" }, "/api/topology"), none);
  return ((await res.json()) as { problems: { code: string }[] }).problems.map((p) => p.code);
}

/**
 * The story's last act on the lab's real php-fpm and nginx: with every replica stopped and the
 * writer's products table held, a crowd through nginx takes every worker and requests queue.
 * Hot Seat reads that as saturated, lists app_workers_exhausted among the topology's problems and
 * says the app servers wait on the database; when the pile-up ends, all of it goes away.
 */
describe("app-pileup", () => {
  beforeAll(async () => {
    await startPollers();
    const before = await appTier();
    expect(before.appServers.map((a) => [a.id, a.health])).toEqual([["app1", "ok"]]);
  });

  afterAll(() => {
    scenario("stop-pileup");
    stopPollers();
  });

  it("is seen as saturated with queued requests, the problem listed and the database named", async () => {
    scenario("app-pileup", "--seconds=120");
    const piled = await waitFor(
      async () => {
        const t = await appTier();
        const a = t.appServers[0];
        return a.health === "saturated" && a.phpFpm!.listenQueue > 0 && t.causalLine ? t : null;
      },
      40_000,
      "app1 saturated with a queue and the causal line",
    );
    const fpm = piled.appServers[0].phpFpm!;
    expect(fpm.activeProcesses).toBe(fpm.totalProcesses);
    expect(piled.causalLine!.message).toMatch(/^The app servers are waiting on the database: restarting them will not help \(.+\)\.$/);
    expect(piled.causalLine!.databaseProblems.map((p) => p.code)).toContain("all_replicas_past_cutoff");
    expect(await problemCodes()).toEqual(expect.arrayContaining(["app_workers_exhausted", "all_replicas_past_cutoff"]));
  });

  it("is gone when the pile-up stops", async () => {
    scenario("stop-pileup");
    await waitFor(
      async () => {
        const t = await appTier();
        return t.appServers[0].health === "ok" && t.appServers[0].phpFpm!.listenQueue === 0 && !t.causalLine;
      },
      30_000,
      "app1 ok again",
    );
    await waitFor(async () => !(await problemCodes()).includes("app_workers_exhausted"), 5_000, "the problem gone");
  });
});
