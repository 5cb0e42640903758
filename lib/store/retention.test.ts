import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { configSchema } from "@/lib/config/schema";
import { openStore, type StoreDb } from "./db";
import { installBounds, sweep, type Retention } from "./retention";

const dirs: string[] = [];
function store(): StoreDb {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-retention-"));
  dirs.push(dir);
  return openStore(path.join(dir, "hotseat.db"));
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** The shipped defaults with some bounds changed, as the config file would give them. */
function retention(overrides: Record<string, unknown> = {}): Retention {
  return configSchema.parse({ servers: [{ id: "db1", host: "h", user: "u", password: "p" }], retention: overrides }).retention;
}

const audit = (db: StoreDb, at: string, role: string | null, actor = role ? "oncall" : "anonymous") =>
  db.prepare("INSERT INTO audit (at, actor, role, action, result) VALUES (?, ?, ?, 'x', ?)").run(at, actor, role, role ? "ok" : "denied");
const value = (db: StoreDb, sql: string) => db.prepare(sql).pluck().get();
const count = (db: StoreDb, sql: string) => value(db, sql) as number;

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

  it("a flood of anonymous rows stays under its bound at every insert, and never evicts named entries", () => {
    const db = store();
    installBounds(db, retention({ anonymousAudit: { maxRows: 100 }, audit: { maxRows: 150 } }));
    const now = new Date().toISOString();
    for (let i = 0; i < 120; i++) audit(db, now, "operator");
    for (let i = 0; i < 2_000; i++) {
      audit(db, now, null, `stranger-${i}`);
      if (i % 500 === 0) expect(count(db, "SELECT count(*) FROM audit WHERE role IS NULL")).toBeLessThanOrEqual(100);
    }
    expect(count(db, "SELECT count(*) FROM audit WHERE role IS NULL")).toBe(100);
    expect(count(db, "SELECT count(*) FROM audit WHERE role IS NOT NULL")).toBe(120);
    // the newest are kept
    expect(value(db, "SELECT min(actor) FROM audit WHERE role IS NULL")).toBe("stranger-1900");
    for (let i = 0; i < 100; i++) audit(db, now, "admin");
    expect(count(db, "SELECT count(*) FROM audit WHERE role IS NOT NULL")).toBe(150);
    db.close();
  });

  it("a flood of webhook deliveries stays under its bound; counts survive a reopen and deletes", () => {
    const db = store();
    const r = retention({ webhookDeliveries: { maxRows: 200 } });
    installBounds(db, r);
    const insert = db.prepare(
      `INSERT INTO alert_deliveries (event, url, target, format, payload, status, created_at) VALUES ('test', 'https://h/x', 'https://h', 'json', '{}', 'pending', ?)`,
    );
    for (let i = 0; i < 1_000; i++) insert.run(new Date().toISOString());
    expect(count(db, "SELECT count(*) FROM alert_deliveries")).toBe(200);
    db.prepare("DELETE FROM alert_deliveries WHERE id IN (SELECT id FROM alert_deliveries LIMIT 50)").run();
    installBounds(db, r); // as at the next start
    for (let i = 0; i < 100; i++) insert.run(new Date().toISOString());
    expect(count(db, "SELECT count(*) FROM alert_deliveries")).toBe(200);
    expect(count(db, "SELECT rows FROM retention_bounds WHERE kind = 'webhookDeliveries'")).toBe(200);
    db.close();
  });

  it("the sweep removes what is older than its days, keeps what still runs or fires, and trims to a lowered bound", () => {
    const db = store();
    const now = new Date("2026-06-01T00:00:00Z");
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
    audit(db, daysAgo(400), "operator");
    audit(db, daysAgo(10), "operator");
    audit(db, daysAgo(40), null);
    audit(db, daysAgo(1), null);
    const episode = db.prepare(
      "INSERT INTO alert_episodes (rule, severity, message, pending_since, fired_at, resolved_at) VALUES ('r', 'warning', 'm', ?, ?, ?)",
    );
    episode.run(daysAgo(200), daysAgo(200), daysAgo(199));
    episode.run(daysAgo(200), daysAgo(200), null); // still firing
    const run = db.prepare("INSERT INTO failover_runs (started_at, actor, mode, to_server, status) VALUES (?, 'oncall', 'graceful', 'db2', ?)");
    run.run(daysAgo(500), "ok");
    run.run(daysAgo(500), "running");
    const day = db.prepare("INSERT INTO status_daily (day, component) VALUES (?, ?)");
    for (let d = 0; d < 500; d++) day.run(daysAgo(d).slice(0, 10), "website");

    const removed = sweep(db, retention({ statusHistory: { days: 400, maxRows: 300 } }), now);
    expect(removed).toEqual({ audit: 1, anonymousAudit: 1, alertEpisodes: 1, failoverRuns: 1, statusHistory: 200 });
    expect(count(db, "SELECT count(*) FROM audit")).toBe(2);
    expect(count(db, "SELECT count(*) FROM alert_episodes WHERE resolved_at IS NULL")).toBe(1);
    expect(value(db, "SELECT status FROM failover_runs")).toBe("running");
    expect(value(db, "SELECT min(day) FROM status_daily")).toBe(daysAgo(299).slice(0, 10));
    db.close();
  });
});
