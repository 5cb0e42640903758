import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "@/lib/config";
import type { Problem, TopologyView } from "@/lib/topology";
import { GET as topologyGET } from "@/app/api/topology/route";
import { requestAs } from "./auth-helpers";
import { scenario, waitFor } from "./lab";
import { kill, killRogueQueries, processlist, rogueThreadIds, startConsole, stopConsole, VIEWER } from "./processlist-helpers";

/**
 * What GET /api/topology's problems say in two of the story's moments, on the real lab: root's
 * forgotten migration on db1 is a long_running_query problem until it is killed; a frozen db1
 * (SIGSTOP) is one no-writer problem naming db2 to fail over to, with no "reads fall back".
 */
async function topology(): Promise<TopologyView> {
  const res = await topologyGET(await requestAs(VIEWER, "/api/topology"), { params: Promise.resolve({}) });
  expect(res.status).toBe(200);
  return (await res.json()) as TopologyView;
}

const withCode = (view: TopologyView, code: Problem["code"]) => view.problems.filter((p) => p.code === code);

describe("the topology's problems during the rogue query and the frozen master", () => {
  beforeAll(async () => {
    await killRogueQueries();
    await startConsole();
    // The lab's threshold is the default 60 s; a test cannot wait that long.
    getConfig().processlist.longQuerySeconds = 2;
  });
  afterAll(async () => {
    scenario("thaw", "db1"); // always, whatever happened above
    await killRogueQueries();
    stopConsole();
  });

  it("shows root's forgotten statement as a critical problem with thread, user@host and time, gone once killed", async () => {
    expect(withCode(await topology(), "long_running_query")).toEqual([]);
    scenario("rogue-query", "db1");
    const [threadId] = await waitFor(rogueThreadIds, 10_000, "the rogue query on db1");

    const problem = await waitFor(async () => withCode(await topology(), "long_running_query").find((p) => p.query?.threadId === threadId), 15_000, "long_running_query in GET /api/topology");
    expect(problem).toMatchObject({ serverId: "db1", severity: "critical", query: { threadId, user: "root", host: "localhost", flags: ["root_user", "interactive_client"] } });
    expect(problem.query!.timeSeconds).toBeGreaterThanOrEqual(2);
    expect(problem.message).toMatch(new RegExp(`^root@localhost has run a statement on db1 for \\d+ s \\(thread ${threadId}\\)`));
    expect(JSON.stringify(problem)).not.toContain("SLEEP");

    const rogue = (await processlist("?server=db1")).processes.find((p) => p.id === threadId)!;
    const answer = await kill("db1", threadId, { mode: "query", info: rogue.info, timeSeconds: rogue.timeSeconds });
    expect(answer.status).toBe(200);
    await waitFor(async () => withCode(await topology(), "long_running_query").length === 0, 10_000, "the problem to go once the statement is killed");
  });

  it("says one thing about a frozen writer: no writer since T, fail over to db2; lag unknown, not lagging; no fallback to the writer", async () => {
    scenario("freeze", "db1");
    const view = await waitFor(async () => {
      const v = await topology();
      const p = withCode(v, "no_writer")[0];
      return p && (p.forSeconds ?? 0) >= 3 ? v : null;
    }, 20_000, "no_writer for db1 in GET /api/topology");

    const noWriter = withCode(view, "no_writer");
    expect(noWriter).toHaveLength(1);
    expect(noWriter[0]).toMatchObject({ serverId: "db1", severity: "critical", candidateId: "db2" });
    expect(noWriter[0].message).toMatch(/^Writes fail since \d\d:\d\d:\d\d UTC, for \d+ s: the writer db1 cannot be reached\.$/);
    expect(Date.parse(noWriter[0].since!)).toBeLessThan(Date.parse(view.generatedAt));
    expect(withCode(view, "all_replicas_past_cutoff")).toEqual([]);
    expect(view.problems.map((p) => p.message).join(" ")).not.toMatch(/fall back to the writer/);
    // the driver's error is under details, never the message
    const unreachable = withCode(view, "server_unreachable").find((p) => p.serverId === "db1")!;
    expect(unreachable.message).toBe("db1 cannot be reached.");
    for (const id of ["db2", "db3", "db4"]) {
      const s = view.servers.find((x) => x.id === id)!;
      expect(s.health).not.toBe("lagging");
      expect(s.lagSeconds).toBeNull();
      expect(s.lagNote).toBe("unknown: the writer's heartbeat stopped");
    }
    expect(withCode(view, "replica_lagging")).toEqual([]);
    expect(withCode(view, "replication_error")).toEqual([]);
  });

  it("comes back when thawed", async () => {
    scenario("thaw", "db1");
    await waitFor(async () => withCode(await topology(), "no_writer").length === 0, 20_000, "no_writer to clear");
  });
});
