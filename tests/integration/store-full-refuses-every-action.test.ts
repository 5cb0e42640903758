import type { Connection } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { listAudit } from "@/lib/audit";
import { engineOf, store, type Store } from "@/lib/store";
import { PUT as maintenancePUT } from "@/app/api/maintenance/route";
import { POST as incidentsPOST } from "@/app/api/incidents/route";
import { requestAs } from "./auth-helpers";
import { waitFor } from "./lab";
import { appOn, kill, rootOn, startConsole, stopConsole, threadsOn, waitForProcess } from "./processlist-helpers";

/**
 * The console's store really full: SQLite's own page limit (PRAGMA max_page_count) on the
 * console's connection, with every page filled. An action must then refuse with 503 and do nothing:
 * its audit entry is written before it acts, and that write is what fails. (SQLite only: the lab's
 * store is the embedded one; tests/integration/store-audit-on-both-engines.test.ts refuses on both.)
 */
const SLEEPER = "SELECT /* store-full test: must survive */ SLEEP(60)";
const none = { params: Promise.resolve({}) };
const operator = { kind: "token", role: "operator" } as const;

describe("a store that cannot be written refuses every action", () => {
  let app: Connection;
  let root: Connection;
  let db: Store;
  let defaultMaxPages = 0;

  const pragma = async (statement: string) => Number(Object.values((await sql.raw<Record<string, unknown>>(`PRAGMA ${statement}`).execute(db)).rows[0] ?? {})[0]);
  const maintenanceState = () => db.selectFrom("maintenance_state").selectAll().execute();
  const incidentCount = async () => Number((await db.selectFrom("status_incidents").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const deleteFillers = () =>
    db.deleteFrom("audit").where((eb) => eb.or([eb("action", "=", "test.filler"), eb("error", "like", "test-filler %")])).execute();
  const newestAuditId = async () => (await listAudit({ limit: 1 }))[0]?.id ?? 0;

  beforeAll(async () => {
    await startConsole();
    db = await store();
    expect(engineOf(db), "the lab's store is SQLite").toBe("sqlite");
    app = await appOn("db1");
    root = await rootOn("db1");
  });
  afterAll(async () => {
    await pragma(`max_page_count = ${defaultMaxPages || 1073741823}`);
    await sql`DROP TABLE IF EXISTS test_filler`.execute(db);
    await deleteFillers();
    await root.query(`KILL ${app.threadId}`).catch(() => undefined);
    app.destroy();
    await root.end();
    stopConsole();
  });

  /**
   * Every page full: a filler table takes the free pages, filler audit rows the audit table's last
   * page and, shaped like the entries the actions below would write (their actor, action and
   * server), the index pages those entries would go to, which earlier splits may have left half empty.
   */
  async function fillTheStore(): Promise<void> {
    await sql`CREATE TABLE IF NOT EXISTS test_filler (b BLOB)`.execute(db);
    defaultMaxPages = await pragma("max_page_count");
    await pragma(`max_page_count = ${await pragma("page_count")}`);
    const auditFiller = (action: string, server: string | null) => (size: number) =>
      sql`INSERT INTO audit (at, actor, role, action, server_id, result, error)
          VALUES (strftime('%Y-%m-%dT%H:%M:%fZ'), 'token:lab-operator', 'operator', ${action}, ${server}, 'ok', 'test-filler ' || hex(randomblob(${size})))`.execute(db);
    const fillers = [
      (size: number) => sql`INSERT INTO test_filler (b) VALUES (randomblob(${size}))`.execute(db),
      (size: number) =>
        sql`INSERT INTO audit (at, actor, role, action, result, error) VALUES (strftime('%Y-%m-%dT%H:%M:%fZ'), 'test-filler', 'admin', 'test.filler', 'ok', hex(randomblob(${size})))`.execute(db),
      auditFiller("kill", "db1"),
      auditFiller("maintenance.set", null),
      auditFiller("incident.open", null),
    ];
    for (const insert of fillers) {
      for (const size of [65536, 4096, 512, 64, 8]) {
        try {
          for (let i = 0; i < 100_000; i++) await insert(size);
        } catch (err) {
          expect((err as { code?: string }).code).toBe("SQLITE_FULL");
        }
      }
    }
  }

  it("kill, maintenance and an incident answer 503 with a clear message, and none of them happens", async () => {
    void app.query(SLEEPER).catch(() => undefined);
    const thread = await waitForProcess("?server=db1&user=app", (p) => p.info === SLEEPER, "the sleeper in the console");

    const maintenanceBefore = await maintenanceState();
    const incidentsBefore = await incidentCount();

    await fillTheStore();
    const auditBefore = await newestAuditId();

    const killed = await kill("db1", thread.id, { mode: "query" });
    expect(killed.status).toBe(503);
    expect(killed.body.error).toMatchObject({ code: "unavailable", message: expect.stringMatching(/cannot write its store .*refuses every action.*nothing was done/) });

    const maintenance = await maintenancePUT(await requestAs(operator, "/api/maintenance", { method: "PUT", body: { enabled: true, message: "store full test" } }), none);
    expect(maintenance.status).toBe(503);
    expect((await maintenance.json()).error.code).toBe("unavailable");

    const incident = await incidentsPOST(
      await requestAs(operator, "/api/incidents", { method: "POST", body: { name: "store full test", status: "investigating", impact: "minor", body: "x" } }),
      none,
    );
    expect(incident.status).toBe(503);

    // nothing happened: the statement still runs, maintenance and incidents as before, no audit row
    await new Promise((r) => setTimeout(r, 300));
    expect((await threadsOn(root)).some((t) => t.Id === app.threadId && t.Info === SLEEPER)).toBe(true);
    expect(await maintenanceState()).toEqual(maintenanceBefore);
    expect(await incidentCount()).toBe(incidentsBefore);
    expect(await newestAuditId()).toBe(auditBefore);
  });

  it("once the store can be written again, the same kill runs and is audited", async () => {
    await pragma(`max_page_count = ${defaultMaxPages}`);
    await sql`DELETE FROM test_filler`.execute(db);
    await deleteFillers();
    const thread = await waitForProcess("?server=db1&user=app", (p) => p.info === SLEEPER, "the sleeper in the console");
    const killed = await kill("db1", thread.id, { mode: "query" });
    expect(killed.status, JSON.stringify(killed.body)).toBe(200);
    await waitFor(async () => !(await threadsOn(root)).some((t) => t.Info === SLEEPER), 5000, "the sleeper to end");
    const [entry] = await listAudit({ action: "kill", limit: 1 });
    expect(entry).toMatchObject({ result: "ok", error: null, params: expect.objectContaining({ pid: thread.id, outcome: "killed" }) });
  });
});
