import type { Connection } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/lib/audit";
import { getStore } from "@/lib/store";
import { PUT as maintenancePUT } from "@/app/api/maintenance/route";
import { POST as incidentsPOST } from "@/app/api/incidents/route";
import { requestAs } from "./auth-helpers";
import { waitFor } from "./lab";
import { appOn, kill, rootOn, startConsole, stopConsole, threadsOn, waitForProcess } from "./processlist-helpers";

/**
 * The console's store really full: SQLite's own page limit (PRAGMA max_page_count) on the
 * console's connection, with every page filled. An action must then refuse with 503 and do nothing:
 * its audit entry is written before it acts, and that write is what fails.
 */
const SLEEPER = "SELECT /* store-full test: must survive */ SLEEP(60)";
const none = { params: Promise.resolve({}) };
const operator = { kind: "token", role: "operator" } as const;

describe("a store that cannot be written refuses every action", () => {
  let app: Connection;
  let root: Connection;
  let defaultMaxPages = 0;

  beforeAll(async () => {
    await startConsole();
    app = await appOn("db1");
    root = await rootOn("db1");
  });
  afterAll(async () => {
    const db = getStore();
    db.pragma(`max_page_count = ${defaultMaxPages || 1073741823}`);
    db.exec("DROP TABLE IF EXISTS test_filler");
    db.prepare("DELETE FROM audit WHERE action = 'test.filler'").run();
    await root.query(`KILL ${app.threadId}`).catch(() => undefined);
    app.destroy();
    await root.end();
    stopConsole();
  });

  /** Every page full: a filler table takes the free pages, filler audit rows the audit table's last page. */
  function fillTheStore(): void {
    const db = getStore();
    db.exec("CREATE TABLE IF NOT EXISTS test_filler (b BLOB)");
    defaultMaxPages = db.pragma("max_page_count", { simple: true }) as number;
    db.pragma(`max_page_count = ${db.pragma("page_count", { simple: true }) as number}`);
    const fillers = [
      db.prepare("INSERT INTO test_filler (b) VALUES (randomblob(?))"),
      db.prepare("INSERT INTO audit (at, actor, role, action, result, error) VALUES (strftime('%Y-%m-%dT%H:%M:%fZ'), 'test-filler', 'admin', 'test.filler', 'ok', hex(randomblob(?)))"),
    ];
    for (const insert of fillers) {
      for (const size of [65536, 4096, 512, 64, 8]) {
        try {
          for (let i = 0; i < 100_000; i++) insert.run(size);
        } catch (err) {
          expect((err as { code?: string }).code).toBe("SQLITE_FULL");
        }
      }
    }
  }

  it("kill, maintenance and an incident answer 503 with a clear message, and none of them happens", async () => {
    void app.query(SLEEPER).catch(() => undefined);
    const thread = await waitForProcess("?server=db1&user=app", (p) => p.info === SLEEPER, "the sleeper in the console");

    const maintenanceBefore = getStore().prepare("SELECT * FROM maintenance_state").all();
    const incidentsBefore = getStore().prepare("SELECT count(*) FROM status_incidents").pluck().get();

    fillTheStore();
    const auditBefore = listAudit({ limit: 1 })[0]?.id ?? 0;

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
    expect(getStore().prepare("SELECT * FROM maintenance_state").all()).toEqual(maintenanceBefore);
    expect(getStore().prepare("SELECT count(*) FROM status_incidents").pluck().get()).toBe(incidentsBefore);
    expect(listAudit({ limit: 1 })[0]?.id ?? 0).toBe(auditBefore);
  });

  it("once the store can be written again, the same kill runs and is audited", async () => {
    const db = getStore();
    db.pragma(`max_page_count = ${defaultMaxPages}`);
    db.exec("DELETE FROM test_filler");
    db.prepare("DELETE FROM audit WHERE action = 'test.filler'").run();
    const thread = await waitForProcess("?server=db1&user=app", (p) => p.info === SLEEPER, "the sleeper in the console");
    const killed = await kill("db1", thread.id, { mode: "query" });
    expect(killed.status, JSON.stringify(killed.body)).toBe(200);
    await waitFor(async () => !(await threadsOn(root)).some((t) => t.Info === SLEEPER), 5000, "the sleeper to end");
    const [entry] = listAudit({ action: "kill", limit: 1 });
    expect(entry).toMatchObject({ result: "ok", error: null, params: expect.objectContaining({ pid: thread.id, outcome: "killed" }) });
  });
});
