import type Database from "better-sqlite3";
import type { HotSeatConfig } from "@/lib/config";

type StoreDb = Database.Database;
export type Retention = HotSeatConfig["retention"];

/**
 * One bounded history: a table (or the part of one a `where` selects), its time column, and the
 * rows retention must never remove (a failover still running, an alert still firing).
 */
interface Kind {
  key: keyof Retention;
  table: string;
  at: string;
  /** the rows of this kind, when the table holds more than one */
  where?: string;
  /** rows of this kind that age never removes */
  keep?: string;
  /** counted by triggers at every insert: anyone, or a flood of events, can add these */
  counted: boolean;
}

const KINDS: readonly Kind[] = [
  { key: "audit", table: "audit", at: "at", where: "role IS NOT NULL", counted: true },
  { key: "anonymousAudit", table: "audit", at: "at", where: "role IS NULL", counted: true },
  { key: "webhookDeliveries", table: "alert_deliveries", at: "created_at", keep: "status = 'pending'", counted: true },
  { key: "alertEpisodes", table: "alert_episodes", at: "fired_at", keep: "resolved_at IS NULL", counted: true },
  { key: "failoverRuns", table: "failover_runs", at: "started_at", keep: "status = 'running'", counted: true },
  // one row per component and day: it grows by a handful a day, whatever happens
  { key: "statusHistory", table: "status_daily", at: "day", counted: false },
];

const and = (...conditions: (string | undefined)[]) => conditions.filter(Boolean).map((c) => `(${c})`).join(" AND ") || "1";

/**
 * Count bounds held at every insert, so that no flood between two sweeps can grow the store: a
 * trigger counts the rows of each kind in retention_bounds and, past max_rows, deletes the oldest
 * one, even one that age would keep (still pending, still firing): the bound comes first.
 * Created at every open (not in a migration) so that a migration rebuilding a table cannot drop
 * them unnoticed; the counts are taken again at the same time.
 */
export function installBounds(db: StoreDb, retention: Retention): void {
  db.transaction(() => {
    for (const k of KINDS.filter((k) => k.counted)) {
      const name = `retention_${k.key}`;
      const when = (row: "NEW" | "OLD") => (k.where ? `WHEN ${k.where.replace(/role/g, `${row}.role`)}` : "");
      db.exec(`
        DROP TRIGGER IF EXISTS ${name}_insert;
        DROP TRIGGER IF EXISTS ${name}_delete;
        CREATE TRIGGER ${name}_insert AFTER INSERT ON ${k.table} ${when("NEW")} BEGIN
          UPDATE retention_bounds SET rows = rows + 1 WHERE kind = '${k.key}';
          DELETE FROM ${k.table} WHERE id = (SELECT min(id) FROM ${k.table} WHERE ${and(k.where)})
            AND (SELECT rows > max_rows FROM retention_bounds WHERE kind = '${k.key}');
        END;
        CREATE TRIGGER ${name}_delete AFTER DELETE ON ${k.table} ${when("OLD")} BEGIN
          UPDATE retention_bounds SET rows = rows - 1 WHERE kind = '${k.key}';
        END;
      `);
      const rows = db.prepare(`SELECT count(*) FROM ${k.table} WHERE ${and(k.where)}`).pluck().get() as number;
      db.prepare(
        `INSERT INTO retention_bounds (kind, max_rows, rows) VALUES (?, ?, ?)
         ON CONFLICT (kind) DO UPDATE SET max_rows = excluded.max_rows, rows = excluded.rows`,
      ).run(k.key, retention[k.key].maxRows, rows);
    }
  })();
}

/** Rows removed per kind by one sweep. */
export type SweepResult = Partial<Record<keyof Retention, number>>;

/**
 * Remove what retention no longer keeps: rows older than `days` (but never ones still running
 * or firing), then all but the newest `maxRows` (after the config lowered a bound). Deletes in
 * batches so that a first sweep over a large store never holds the write lock for long.
 */
export function sweep(db: StoreDb, retention: Retention, now: Date = new Date()): SweepResult {
  const result: SweepResult = {};
  for (const k of KINDS) {
    const { days, maxRows } = retention[k.key];
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    const old = k.at === "day" ? cutoff.slice(0, 10) : cutoff;
    const id = k.counted ? "id" : "rowid";
    const byAge = db.prepare(
      `DELETE FROM ${k.table} WHERE ${id} IN (SELECT ${id} FROM ${k.table} WHERE ${and(k.where, `${k.at} < @old`, k.keep ? `NOT (${k.keep})` : undefined)} LIMIT 5000)`,
    );
    const byCount = db.prepare(
      `DELETE FROM ${k.table} WHERE ${id} IN (SELECT ${id} FROM ${k.table} WHERE ${and(k.where)} ORDER BY ${k.at} DESC, ${id} DESC LIMIT -1 OFFSET @maxRows)`,
    );
    let removed = 0;
    for (let n = 1; n > 0; removed += n) n = byAge.run({ old }).changes;
    removed += byCount.run({ maxRows }).changes;
    if (removed) result[k.key] = removed;
  }
  return result;
}
