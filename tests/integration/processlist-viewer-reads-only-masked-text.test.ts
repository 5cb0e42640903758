import { randomBytes } from "node:crypto";
import type mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as timelineGET } from "@/app/api/timeline/route";
import { GET as topologyGET } from "@/app/api/topology/route";
import { getCollector } from "@/lib/collector";
import type { ReplicaActivity } from "@/lib/processlist";
import { requestAs, type Credential } from "./auth-helpers";
import { waitFor } from "./lab";
import { OPERATOR, VIEWER, appOn, kill, killAudits, processlist, rootOn, startConsole, stopConsole, threadsOn, waitForProcess } from "./processlist-helpers";

/**
 * A password in a real statement on db3 and in a real replication error: an operator deciding on
 * a kill can find and read the statement; a viewer reads it masked everywhere (the processlist,
 * its `text=` search, the replication error, a kill refusal in the audit and the timeline), so no
 * search can probe the secret literal character by character.
 */
const SECRET = `Tr0ub4dor-${randomBytes(4).toString("hex")}`;
const SLEEPER = `SELECT SLEEP(120), '${SECRET}' AS password`;
const BIG = `SELECT SLEEP(120), '${"x".repeat(100_000)}' AS padding`;
const USER = "hotseat_mask_test";

async function endStatements(): Promise<void> {
  const root = await rootOn("db3");
  for (const t of await threadsOn(root)) if (t.Info === SLEEPER || t.Info === BIG) await root.query(`KILL ${t.Id}`).catch(() => undefined);
  await root.end();
}

async function get(handler: typeof topologyGET, url: string, as: Credential) {
  const res = await handler(await requestAs(as, url), { params: Promise.resolve({}) });
  return { status: res.status, text: await res.text() };
}

describe("a viewer reads only masked statement text", () => {
  const clients: mysql.Connection[] = [];

  beforeAll(async () => {
    await startConsole();
  });
  afterAll(async () => {
    await endStatements();
    for (const c of clients) await c.end().catch(() => undefined);
    stopConsole();
  });

  it("finds a secret literal for an operator's text= search and never for a viewer's", async () => {
    const app = await appOn("db3");
    clients.push(app);
    void app.query(SLEEPER).catch(() => undefined); // killed in afterAll
    const seen = await waitForProcess("?server=db3", (p) => p.info !== null && p.info.includes("sleep(?)"), "the sleeper on db3, masked for the viewer");

    const asOperator = await processlist(`?server=db3&text=${encodeURIComponent(SECRET)}`, OPERATOR);
    expect(asOperator.processes.map((p) => [p.id, p.info])).toEqual([[seen.id, SLEEPER]]);
    // Every prefix an attacker would try: none matches for the viewer.
    for (const probe of [SECRET, SECRET.slice(0, 12), "Tr0ub4dor", `'${SECRET.slice(0, 1)}`]) {
      expect((await processlist(`?server=db3&text=${encodeURIComponent(probe)}`, VIEWER)).processes).toEqual([]);
    }
    const asViewer = await processlist("?server=db3&text=sleep", VIEWER);
    expect(asViewer.processes.map((p) => [p.id, p.info])).toEqual([[seen.id, "select sleep(?), ? as password"]]);
    expect(JSON.stringify(asViewer.body)).not.toContain(SECRET);
  });

  it("masks the statement in a kill refusal, in the audit and on the timeline", async () => {
    const target = (await processlist(`?server=db3&text=${encodeURIComponent(SECRET)}`, OPERATOR)).processes[0];
    const res = await kill("db3", target.id, { mode: "query", info: "SELECT 1" });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ rule: "statement_changed" });
    expect(JSON.stringify(res.body)).toContain("select sleep(?), ? as password");
    expect(JSON.stringify(res.body)).not.toContain(SECRET);

    const [entry] = await killAudits("db3", target.id);
    expect(entry).toMatchObject({ result: "refused" });
    expect(entry.error).toContain("select sleep(?), ? as password");
    expect(JSON.stringify(entry)).not.toContain(SECRET);
    const timeline = await get(timelineGET, "/api/timeline", VIEWER);
    expect(timeline.status).toBe(200);
    expect(timeline.text).toContain(`thread ${target.id} on db3 no longer runs the statement you saw`);
    expect(timeline.text).not.toContain(SECRET);
    // The thread is untouched: the refusal changed nothing.
    const root = await rootOn("db3");
    try {
      expect((await threadsOn(root)).find((t) => t.Id === target.id)?.Info).toBe(SLEEPER);
    } finally {
      await root.end();
    }
  });

  it("holds a 100 kB statement as its first 16 KiB with the full length noted", async () => {
    const app = await appOn("db3");
    clients.push(app);
    void app.query(BIG).catch(() => undefined);
    const big = await waitForProcess("?server=db3&text=xxxxxxxx", (p) => p.infoLength !== undefined, "the 100 kB statement on db3");
    expect(big.infoLength).toBe(BIG.length);
    expect(big.info).toBe(BIG.slice(0, 16 * 1024));
  });

  it("masks a replication error that quotes a CREATE USER with its password", async () => {
    const db1 = await rootOn("db1");
    const db3 = await rootOn("db3");
    try {
      // The user exists on db3 alone, so db1's CREATE USER fails there and stops db3's SQL thread.
      await db3.query("SET sql_log_bin = 0");
      await db3.query(`CREATE USER IF NOT EXISTS '${USER}'@'%'`);
      await db1.query(`CREATE USER '${USER}'@'%' IDENTIFIED BY '${SECRET}'`);
      const [status] = await waitFor(async () => {
        const [rows] = (await db3.query("SHOW ALL SLAVES STATUS")) as unknown as [{ Last_SQL_Error: string }[]];
        return rows[0]?.Last_SQL_Error.includes(SECRET) ? rows : null;
      }, 15_000, "db3's SQL thread to fail on the CREATE USER");
      expect(status.Last_SQL_Error).toContain(`IDENTIFIED BY '${SECRET}'`); // the server really quotes it
      await getCollector().pollOnce();

      for (const as of [VIEWER, OPERATOR]) {
        const topology = await get(topologyGET, "/api/topology", as);
        const db3View = (JSON.parse(topology.text) as { servers: { id: string; replication: { lastError: string | null } | null }[] }).servers.find((s) => s.id === "db3")!;
        expect(db3View.replication?.lastError).toMatch(/^error .*identified by \?$/);
        expect(topology.text).not.toContain(SECRET);
        const list = await processlist("?server=db3", as);
        const [activity] = list.body.replicas as ReplicaActivity[];
        expect(activity.lastError).toBe(db3View.replication?.lastError);
        expect(JSON.stringify(list.body.replicas)).not.toContain(SECRET);
      }
    } finally {
      // Let the SQL thread apply the CREATE USER after all, then drop the user everywhere.
      await db3.query(`DROP USER IF EXISTS '${USER}'@'%'`);
      await db3.query("START ALL SLAVES");
      await waitFor(async () => {
        const [rows] = (await db3.query("SHOW ALL SLAVES STATUS")) as unknown as [{ Slave_SQL_Running: string; Last_SQL_Errno: number }[]];
        return rows[0]?.Slave_SQL_Running === "Yes" && rows[0].Last_SQL_Errno === 0;
      }, 15_000, "db3's SQL thread to run again");
      await db1.query(`DROP USER IF EXISTS '${USER}'@'%'`);
      await db1.end();
      await db3.end();
    }
  });
});
