import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { configSchema } from "@/lib/config/schema";
import { installBounds, sweep, type Retention } from "./retention";
import type { Store } from "./schema";
import { tempStores } from "./temp-store";

const store = tempStores("retention");

/** The shipped defaults with some bounds changed, as the config file would give them. */
function retention(overrides: Record<string, unknown> = {}): Retention {
  return configSchema.parse({ servers: [{ id: "db1", host: "h", user: "u", password: "p" }], retention: overrides }).retention;
}

const audit = (db: Store, at: string, role: string | null, actor = role ? "oncall" : "anonymous") =>
  db.insertInto("audit").values({ at, actor, role, via: null, action: "x", server_id: null, params: null, result: role ? "ok" : "denied", error: null, ip: null }).execute();
const value = async (db: Store, query: string) => Object.values((await sql.raw<Record<string, unknown>>(query).execute(db)).rows[0] ?? {})[0];
const count = async (db: Store, query: string) => Number(await value(db, query));

describe("retention", () => {
  it("has documented defaults for every history", () => {
    expect(retention()).toEqual({
      audit: { days: 365, maxRows: 200_000 },
      anonymousAudit: { days: 30, maxRows: 20_000 },
      webhookDeliveries: { days: 30, maxRows: 10_000 },
      alertEpisodes: { days: 180, maxRows: 10_000 },
      statusHistory: { days: 400, maxRows: 10_000 },
      failoverRuns: { days: 365, maxRows: 1_000 },
    });
    expect(() => retention({ audit: { maxRows: 5 } })).toThrow(/maxRows/);
  });

  it("a flood of anonymous rows stays under its bound at every insert, and never evicts named entries", async () => {
    const db = await store();
    await installBounds(db, retention({ anonymousAudit: { maxRows: 100 }, audit: { maxRows: 150 } }));
    const now = new Date().toISOString();
    for (let i = 0; i < 120; i++) await audit(db, now, "operator");
    for (let i = 0; i < 2_000; i++) {
      await audit(db, now, null, `stranger-${i}`);
      if (i % 500 === 0) expect(await count(db, "SELECT count(*) FROM audit WHERE role IS NULL")).toBeLessThanOrEqual(100);
    }
    expect(await count(db, "SELECT count(*) FROM audit WHERE role IS NULL")).toBe(100);
    expect(await count(db, "SELECT count(*) FROM audit WHERE role IS NOT NULL")).toBe(120);
    // the newest are kept
    expect(await value(db, "SELECT min(actor) FROM audit WHERE role IS NULL")).toBe("stranger-1900");
    for (let i = 0; i < 100; i++) await audit(db, now, "admin");
    expect(await count(db, "SELECT count(*) FROM audit WHERE role IS NOT NULL")).toBe(150);
  });

  it("a flood of webhook deliveries stays under its bound; counts survive a reopen and deletes", async () => {
    const db = await store();
    const r = retention({ webhookDeliveries: { maxRows: 200 } });
    await installBounds(db, r);
    const insert = () =>
      db
        .insertInto("alert_deliveries")
        .values({ episode_id: null, event: "test", url: "https://h/x", target: "https://h", format: "json", payload: "{}", status: "pending", created_at: new Date().toISOString(), last_status: null, last_error: null, next_attempt_at: null, delivered_at: null })
        .execute();
    for (let i = 0; i < 1_000; i++) await insert();
    expect(await count(db, "SELECT count(*) FROM alert_deliveries")).toBe(200);
    await sql`DELETE FROM alert_deliveries WHERE id IN (SELECT id FROM alert_deliveries ORDER BY id LIMIT 50)`.execute(db);
    await installBounds(db, r); // as at the next start
    for (let i = 0; i < 100; i++) await insert();
    expect(await count(db, "SELECT count(*) FROM alert_deliveries")).toBe(200);
    expect(await count(db, "SELECT rows FROM retention_bounds WHERE kind = 'webhookDeliveries'")).toBe(200);
  });

  it("the sweep removes what is older than its days, keeps what still runs or fires, and trims to a lowered bound", async () => {
    const db = await store();
    const now = new Date("2026-06-01T00:00:00Z");
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
    await audit(db, daysAgo(400), "operator");
    await audit(db, daysAgo(10), "operator");
    await audit(db, daysAgo(40), null);
    await audit(db, daysAgo(1), null);
    const episode = (at: string, resolvedAt: string | null) =>
      db.insertInto("alert_episodes").values({ rule: "r", server_id: null, severity: "warning", message: "m", pending_since: at, fired_at: at, resolved_at: resolvedAt, last_message: null }).execute();
    await episode(daysAgo(200), daysAgo(199));
    await episode(daysAgo(200), null); // still firing
    const run = (status: "ok" | "running") =>
      db.insertInto("failover_runs").values({ started_at: daysAgo(500), finished_at: null, actor: "oncall", mode: "graceful", from_server: null, to_server: "db2", status, message: null, plan: null, owner: null, lease_expires_at: null }).execute();
    await run("ok");
    await run("running");
    await db
      .insertInto("status_daily")
      .values(Array.from({ length: 500 }, (_, d) => ({ day: daysAgo(d).slice(0, 10), component: "website" })))
      .execute();

    const removed = await sweep(db, retention({ statusHistory: { days: 400, maxRows: 300 } }), now);
    expect(removed).toEqual({ audit: 1, anonymousAudit: 1, alertEpisodes: 1, failoverRuns: 1, statusHistory: 200 });
    expect(await count(db, "SELECT count(*) FROM audit")).toBe(2);
    expect(await count(db, "SELECT count(*) FROM alert_episodes WHERE resolved_at IS NULL")).toBe(1);
    expect(await value(db, "SELECT status FROM failover_runs")).toBe("running");
    expect(await value(db, "SELECT min(day) FROM status_daily")).toBe(daysAgo(299).slice(0, 10));
  });
});
