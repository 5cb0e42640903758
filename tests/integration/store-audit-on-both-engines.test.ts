import { sql } from "kysely";
import { expect, it, vi } from "vitest";
import { recentRestarts, RESTART_ACTION } from "@/lib/appservers/restart";
import { auditFacets, finishAudit, listAudit, openAudit, recordAudit, UNFINISHED, type AuditInput } from "@/lib/audit";
import { configSchema } from "@/lib/config/schema";
import { ApiError } from "@/lib/errors";
import { storeCounts } from "@/lib/metrics/store-counts";
import { DEFAULT_RUNBOOKS, getRunbook, listRunbooks, resetRunbook, saveRunbook } from "@/lib/runbooks";
import { connectStore, type Store } from "@/lib/store";
import { installBounds, sweep, type Retention } from "@/lib/store/retention";
import { describeEachEngine } from "./store-engines";

/**
 * The audit trail and the other reads of this area on both engines: what is written is read back
 * the same, filtered and limited the same, bounded the same, on SQLite and on PostgreSQL.
 */

const t0 = Date.parse("2026-03-03T09:00:00.000Z");
const at = (minute: number) => new Date(t0 + minute * 60_000);
const entry = (over: Partial<AuditInput> = {}): AuditInput => ({ actor: "oncall", role: "operator", via: "session", action: "kill", serverId: "db1", params: {}, result: "ok", durationMs: 5, ...over });

function retention(overrides: Record<string, unknown> = {}): Retention {
  return configSchema.parse({ servers: [{ id: "db1", host: "h", user: "u", password: "p" }], retention: overrides }).retention;
}
const count = async (db: Store, where: "role IS NULL" | "role IS NOT NULL") =>
  Number((await sql<{ n: number }>`SELECT count(*) AS n FROM audit WHERE ${sql.raw(where)}`.execute(db)).rows[0].n);

describeEachEngine("audit, runbooks and store counts", (fresh, engine) => {
  it("appends entries and reads them back as written, newest first, filtered by each field and by time", async () => {
    const db = await fresh();
    const kill = await recordAudit(entry({ params: { pid: 42, token: "s3cret" }, ip: "192.0.2.1", at: at(0) }), db);
    expect(kill).toMatchObject({ id: expect.any(Number), at: at(0).toISOString(), actor: "oncall", role: "operator", via: "session", serverId: "db1", params: { pid: 42, token: "[redacted]" }, durationMs: 5, ip: "192.0.2.1" });
    await recordAudit(entry({ actor: "boss", role: "viewer", action: "maintenance.set", serverId: null, result: "denied", error: "needs operator", at: at(1) }), db);
    await recordAudit(entry({ action: "failover", serverId: "db3", result: "refused", error: "db3 lags", at: at(2) }), db);
    await recordAudit(entry({ actor: "anonymous", role: null, via: null, action: "sign-in", serverId: null, result: "denied", at: at(3) }), db);

    const actions = async (filters: Parameters<typeof listAudit>[0]) => (await listAudit(filters, db)).map((e) => e.action);
    expect(await actions({})).toEqual(["sign-in", "failover", "maintenance.set", "kill"]);
    expect(await actions({ user: "oncall" })).toEqual(["failover", "kill"]);
    expect(await actions({ server: "db3" })).toEqual(["failover"]);
    expect(await actions({ action: "maintenance.set" })).toEqual(["maintenance.set"]);
    expect(await actions({ result: "denied" })).toEqual(["sign-in", "maintenance.set"]);
    // since inclusive, until exclusive, as ISO text or a Date
    expect(await actions({ since: at(1).toISOString(), until: at(3) })).toEqual(["failover", "maintenance.set"]);
    expect(await actions({ user: "oncall", result: "ok", since: at(0) })).toEqual(["kill"]);
    expect((await listAudit({ action: "kill" }, db))[0]).toEqual(kill);
  });

  it("pages by limit: the newest first, ties in the order written, at least 1 and 200 by default", async () => {
    const db = await fresh();
    const same = at(10);
    await db
      .insertInto("audit")
      .values(Array.from({ length: 250 }, (_, i) => ({ at: (i < 5 ? same : at(i - 300)).toISOString(), actor: `u${i}`, role: "operator", via: null, action: "kill", server_id: null, params: null, result: "ok" as const, error: null, ip: null })))
      .execute();
    expect((await listAudit({}, db)).length).toBe(200);
    expect((await listAudit({ limit: 0 }, db)).map((e) => e.actor)).toEqual(["u4"]);
    expect((await listAudit({ limit: 7 }, db)).map((e) => e.actor)).toEqual(["u4", "u3", "u2", "u1", "u0", "u249", "u248"]);
    expect((await listAudit({ limit: 100_000 }, db)).length).toBe(250);
    // the next page: strictly older than the last one shown
    expect((await listAudit({ until: at(-300 + 248), limit: 2 }, db)).map((e) => e.actor)).toEqual(["u247", "u246"]);
  });

  it("an action's entry is opened before it runs and completed in the same row", async () => {
    const db = await fresh();
    const id = await openAudit({ actor: "oncall", role: "operator", via: "token", action: "kill", serverId: "db1", params: { pid: 9 }, ip: "192.0.2.9" }, db);
    expect(await listAudit({}, db)).toEqual([expect.objectContaining({ id, result: "error", error: UNFINISHED, durationMs: 0, params: { pid: 9 } })]);
    await finishAudit(id, entry({ via: "token", params: { pid: 9, outcome: "killed" }, durationMs: 40 }), db);
    expect(await listAudit({}, db)).toEqual([expect.objectContaining({ id, via: "token", ip: "192.0.2.9", result: "ok", error: null, durationMs: 40, params: { pid: 9, outcome: "killed" } })]);
  });

  it("a store that cannot be written refuses the action with 503; a plain record or a finish never throws", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const db = await fresh();
      await db.schema.dropTable("audit").execute();
      await expect(openAudit({ actor: "oncall", role: "operator", action: "kill" }, db)).rejects.toMatchObject({ code: "unavailable" });
      await expect(recordAudit(entry(), db)).resolves.toBeNull();
      await expect(finishAudit(1, entry(), db)).resolves.toBeUndefined();
      if (engine === "postgres") {
        // the database down: nothing answers on its port
        const down = connectStore({ engine: "postgres", url: "postgres://postgres@127.0.0.1:1/none" });
        const refused = await openAudit({ actor: "oncall", role: "operator", action: "kill" }, down).catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(ApiError);
        expect(refused).toMatchObject({ code: "unavailable", message: expect.stringMatching(/refuses every action.*nothing was done/) });
        await down.destroy();
      }
    } finally {
      logged.mockRestore();
    }
  });

  it("keeps any text a stranger sends, bounded, a NUL shown as U+FFFD (PostgreSQL refuses it in text), and finds it again", async () => {
    const db = await fresh();
    const written = (await recordAudit(entry({ actor: `eve\u0000${"x".repeat(300)}`, role: null, serverId: "db1\u0000", error: "é\u0000".repeat(3000), params: { name: "a\u0000b" } }), db))!;
    expect(written.actor).toHaveLength(200);
    expect(written.actor.startsWith("eve\uFFFDxx")).toBe(true);
    expect(written.serverId).toBe("db1\uFFFD");
    expect(written.error).toHaveLength(2000);
    expect(written.params).toEqual({ name: "a\u0000b" });
    const [back] = await listAudit({ server: "db1\u0000" }, db);
    expect(back).toEqual(written);
  });

  it("offers the users, servers and actions of known callers as filter choices, sorted the same on both engines", async () => {
    const db = await fresh();
    for (const [actor, serverId, action] of [["oncall", "db1", "kill"], ["Boss", "db-2", "maintenance.set"], ["token:ci", "db10", "failover"], ["boss", null, "kill"]] as const) {
      await recordAudit(entry({ actor, serverId, action }), db);
    }
    await recordAudit(entry({ actor: "stranger", role: null, serverId: "evil", action: "POST /api/x" }), db);
    expect(await auditFacets(db)).toEqual({ users: ["Boss", "boss", "oncall", "token:ci"], servers: ["db-2", "db1", "db10"], actions: ["failover", "kill", "maintenance.set"] });
  });

  it("bounds named and anonymous audit rows by count separately, at every insert, keeping the newest", async () => {
    const db = await fresh();
    await installBounds(db, retention({ audit: { maxRows: 120 }, anonymousAudit: { maxRows: 100 } }));
    for (let i = 0; i < 150; i++) await recordAudit(entry({ actor: `named-${String(i).padStart(3, "0")}`, at: at(i) }), db);
    for (let i = 0; i < 400; i++) {
      await recordAudit(entry({ actor: `anon-${String(i).padStart(3, "0")}`, role: null, via: null, action: "sign-in", at: at(i) }), db);
      if (i % 100 === 0) expect(await count(db, "role IS NULL")).toBeLessThanOrEqual(100);
    }
    expect(await count(db, "role IS NULL")).toBe(100);
    // the anonymous flood evicted none of the named entries, only their own oldest
    expect(await count(db, "role IS NOT NULL")).toBe(120);
    const oldest = async (named: boolean) => (await listAudit({ limit: 10_000 }, db)).filter((e) => (e.role !== null) === named).at(-1)?.actor;
    expect(await oldest(true)).toBe("named-030");
    expect(await oldest(false)).toBe("anon-300");
    const bounds = await db.selectFrom("retention_bounds").select(["kind", "rows", "max_rows"]).where("kind", "in", ["audit", "anonymousAudit"]).orderBy("kind").execute();
    expect(bounds).toEqual([
      { kind: "anonymousAudit", rows: 100, max_rows: 100 },
      { kind: "audit", rows: 120, max_rows: 120 },
    ]);
  });

  it("the sweep removes audit rows past their days, named and anonymous each by their own, and trims to a lowered bound", async () => {
    const db = await fresh();
    const now = new Date("2026-06-01T00:00:00Z");
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    await recordAudit(entry({ actor: "old-named", at: daysAgo(400) }), db);
    await recordAudit(entry({ actor: "named", at: daysAgo(40) }), db);
    await recordAudit(entry({ actor: "old-anon", role: null, at: daysAgo(40) }), db);
    for (let i = 0; i < 150; i++) await recordAudit(entry({ actor: `anon-${i}`, role: null, at: daysAgo(1) }), db);
    const removed = await sweep(db, retention({ anonymousAudit: { days: 30, maxRows: 100 } }), now);
    expect(removed).toEqual({ audit: 1, anonymousAudit: 51 });
    expect((await listAudit({ limit: 10_000 }, db)).filter((e) => e.role !== null).map((e) => e.actor)).toEqual(["named"]);
    expect(await count(db, "role IS NULL")).toBe(100);
  });

  it("counts restarts that ran on one app server from its audit entries", async () => {
    const db = await fresh();
    const restart = (appServer: string, outcome: string | null, minute: number) =>
      recordAudit(entry({ action: RESTART_ACTION, serverId: appServer, params: outcome ? { service: "php-fpm", outcome } : { service: "php-fpm" }, at: at(minute) }), db);
    await restart("app1", "ok", 0);
    await restart("app1", "failed", 1);
    await restart("app1", null, 2); // refused: nothing ran
    await restart("app2", "ok", 3);
    await restart("app1", "ok", -20);
    expect(await recentRestarts("app1", at(-10), db)).toBe(2);
    expect(await recentRestarts("app2", at(-10), db)).toBe(1);
  });

  it("runbooks: shipped defaults until an admin saves one, saved again in place, added ones after, reset to default", async () => {
    const db = await fresh();
    const shipped = DEFAULT_RUNBOOKS[0];
    expect((await listRunbooks(db)).map((r) => [r.slug, r.source])).toEqual(DEFAULT_RUNBOOKS.map((r) => [r.slug, "default"]));
    expect(await getRunbook("no-such-runbook", db)).toBeNull();

    const saved = await saveRunbook(shipped.slug, { title: "Edited", body: "step 1" }, "cto", at(0), db);
    expect(saved).toMatchObject({ slug: shipped.slug, title: "Edited", body: "step 1", source: "edited", updatedAt: at(0).toISOString(), updatedBy: "cto" });
    const again = await saveRunbook(shipped.slug, { title: "Edited twice", body: "step 2" }, "admin2", at(5), db);
    expect(again).toMatchObject({ title: "Edited twice", body: "step 2", updatedAt: at(5).toISOString(), updatedBy: "admin2" });
    expect(await getRunbook(shipped.slug, db)).toEqual(again);
    expect(Number((await db.selectFrom("runbooks").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n)).toBe(1);

    await saveRunbook("zz-added", { title: "Added", body: "b" }, "cto", at(1), db);
    await saveRunbook("a-b", { title: "Added too", body: "b" }, "cto", at(1), db);
    await saveRunbook("ab", { title: "And this", body: "b" }, "cto", at(1), db);
    const all = await listRunbooks(db);
    expect(all.slice(0, DEFAULT_RUNBOOKS.length).map((r) => r.slug)).toEqual(DEFAULT_RUNBOOKS.map((r) => r.slug));
    expect(all.slice(DEFAULT_RUNBOOKS.length).map((r) => r.slug)).toEqual(["a-b", "ab", "zz-added"]);
    expect(all.find((r) => r.slug === shipped.slug)?.source).toBe("edited");

    expect(await resetRunbook(shipped.slug, db)).toMatchObject({ slug: shipped.slug, title: shipped.title, source: "default", updatedBy: null });
    expect(await resetRunbook("zz-added", db)).toBeNull();
    expect((await listRunbooks(db)).map((r) => r.slug)).not.toContain("zz-added");
  });

  it("store counts: finished failovers by mode, result and promoted server; deliveries and their attempts", async () => {
    const db = await fresh();
    expect(await storeCounts(db)).toEqual({ failovers: [], notificationsSent: 0, notificationsFailed: 0, deliveryAttempts: 0, deliveryAttemptsOk: 0 });
    const run = (mode: string, status: "ok" | "failed" | "running" | "rolled_back", to: string) =>
      db.insertInto("failover_runs").values({ started_at: at(0).toISOString(), finished_at: null, actor: "oncall", mode, from_server: "db1", to_server: to, status, message: null, plan: null, owner: null, lease_expires_at: null }).execute();
    await run("graceful", "ok", "db2");
    await run("graceful", "ok", "db2");
    await run("emergency", "failed", "db3");
    await run("graceful", "rolled_back", "db2");
    await run("graceful", "running", "db2");
    const delivery = (status: "pending" | "delivered" | "failed", attempts: number) =>
      db
        .insertInto("alert_deliveries")
        .values({ episode_id: null, event: "test", url: "https://h/x", target: "https://h", format: "json", payload: "{}", status, attempts, created_at: at(0).toISOString(), last_status: null, last_error: null, next_attempt_at: null, delivered_at: null })
        .execute();
    await delivery("delivered", 1);
    await delivery("delivered", 3);
    await delivery("failed", 5);
    await delivery("pending", 2);
    expect(await storeCounts(db)).toEqual({
      failovers: [
        { mode: "emergency", result: "failed", toServer: "db3", count: 1 },
        { mode: "graceful", result: "ok", toServer: "db2", count: 2 },
        { mode: "graceful", result: "rolled_back", toServer: "db2", count: 1 },
      ],
      notificationsSent: 2,
      notificationsFailed: 1,
      deliveryAttempts: 11,
      deliveryAttemptsOk: 2,
    });
  });
});
