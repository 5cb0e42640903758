import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "@/lib/config";
import { ROGUE_SQL } from "@/lab";
import { scenario, waitFor } from "./lab";
import { kill, killAudits, killRogueQueries, processlist, rootOn, startConsole, stopConsole, threadsOn, waitForProcess } from "./processlist-helpers";

/**
 * The story's forgotten migration: root runs a query from the mariadb CLI on db1. The console finds
 * it in the fleet-wide processlist, flags it, kills it (KILL QUERY), and the audit says so.
 */
describe("the rogue query is found, flagged, killed and audited", () => {
  beforeAll(async () => {
    await killRogueQueries(); // one left by an earlier run would be found instead of ours
    await startConsole();
    // The lab's threshold is the default 60 s; a test cannot wait that long for the flag.
    getConfig().processlist.longQuerySeconds = 2;
  });
  afterAll(async () => {
    await killRogueQueries(); // leave none behind, whatever happened above
    stopConsole();
  });

  it("finds it across the fleet, flags it, kills only its statement, and audits the kill", async () => {
    scenario("rogue-query", "db1");
    const rogue = await waitForProcess("", (p) => p.info === ROGUE_SQL && p.timeSeconds >= 2, "the rogue query, running 2 s, in GET /api/processlist");

    expect(rogue).toMatchObject({ serverId: "db1", user: "root", host: "localhost", command: "Query", kind: "client" });
    expect(rogue.flags).toEqual(expect.arrayContaining(["long_running", "root_user", "interactive_client"]));

    // The filters an on-call engineer would type find it, and only matching threads.
    const filtered = await processlist("?server=db1&user=root&minTime=2&text=backfill");
    expect(filtered.processes.map((p) => p.id)).toEqual([rogue.id]);
    expect((await processlist("?server=db2&text=backfill")).processes).toEqual([]);
    // Client statements first, the rogue one at the top; each kind longest first across the fleet.
    const all = (await processlist()).processes;
    const kinds = ["client", "replication", "system", "self"];
    expect(all.map((p) => kinds.indexOf(p.kind))).toEqual(all.map((p) => kinds.indexOf(p.kind)).sort((a, b) => a - b));
    for (const kind of kinds) {
      const times = all.filter((p) => p.kind === kind).map((p) => p.timeSeconds);
      expect(times).toEqual([...times].sort((a, b) => b - a));
    }
    expect(all[0].id).toBe(rogue.id);

    const res = await kill("db1", rogue.id, { mode: "query", info: rogue.info, timeSeconds: rogue.timeSeconds });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ result: "killed", serverId: "db1", id: rogue.id, mode: "query" });

    // A separate connection sees the statement gone from the real processlist.
    const root = await rootOn("db1");
    try {
      await waitFor(async () => !(await threadsOn(root)).some((t) => t.Id === rogue.id && t.Info === ROGUE_SQL), 10_000, "the rogue statement to leave db1's processlist");
    } finally {
      await root.end();
    }

    const [entry] = await killAudits("db1", rogue.id);
    expect(entry).toMatchObject({ action: "kill", actor: "token:lab-operator", serverId: "db1", result: "ok" });
    expect(entry.params).toMatchObject({ mode: "query", outcome: "killed", user: "root", info: ROGUE_SQL });
    expect(entry.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("a viewer may look but not kill", async () => {
    const res = await kill("db1", 1, { mode: "query" }, { kind: "token", role: "viewer" });
    expect(res.status).toBe(403);
  });
});
