import { sql } from "kysely";
import type { HotSeatConfig } from "@/lib/config";
import { engineOf } from "./engine";
import type { Store } from "./schema";

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

const and = (...conditions: (string | undefined)[]) => conditions.filter(Boolean).map((c) => `(${c})`).join(" AND ") || "1 = 1";
const forRow = (k: Kind, row: "NEW" | "OLD") => (k.where ? k.where.replace(/role/g, `${row}.role`) : "");

/** The insert and delete triggers of one kind, as each engine writes them. */
function triggerStatements(k: Kind, engine: "sqlite" | "postgres"): string[] {
  const name = `retention_${k.key}`;
  const whenNew = k.where ? `WHEN (${forRow(k, "NEW")})` : "";
  const whenOld = k.where ? `WHEN (${forRow(k, "OLD")})` : "";
  const oldest = `DELETE FROM ${k.table} WHERE id = (SELECT min(id) FROM ${k.table} WHERE ${and(k.where)})`;
  const over = `(SELECT rows > max_rows FROM retention_bounds WHERE kind = '${k.key}')`;
  if (engine === "sqlite") {
    return [
      `DROP TRIGGER IF EXISTS ${name}_insert`,
      `DROP TRIGGER IF EXISTS ${name}_delete`,
      `CREATE TRIGGER ${name}_insert AFTER INSERT ON ${k.table} ${whenNew} BEGIN
         UPDATE retention_bounds SET rows = rows + 1 WHERE kind = '${k.key}';
         ${oldest} AND ${over};
       END`,
      `CREATE TRIGGER ${name}_delete AFTER DELETE ON ${k.table} ${whenOld} BEGIN
         UPDATE retention_bounds SET rows = rows - 1 WHERE kind = '${k.key}';
       END`,
    ];
  }
  return [
    `CREATE OR REPLACE FUNCTION ${name}_insert() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       UPDATE retention_bounds SET rows = rows + 1 WHERE kind = '${k.key}';
       IF ${over} THEN ${oldest}; END IF;
       RETURN NULL;
     END $$`,
    `CREATE OR REPLACE FUNCTION ${name}_delete() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       UPDATE retention_bounds SET rows = rows - 1 WHERE kind = '${k.key}';
       RETURN NULL;
     END $$`,
    `DROP TRIGGER IF EXISTS ${name}_insert ON ${k.table}`,
    `DROP TRIGGER IF EXISTS ${name}_delete ON ${k.table}`,
    `CREATE TRIGGER ${name}_insert AFTER INSERT ON ${k.table} FOR EACH ROW ${whenNew} EXECUTE FUNCTION ${name}_insert()`,
    `CREATE TRIGGER ${name}_delete AFTER DELETE ON ${k.table} FOR EACH ROW ${whenOld} EXECUTE FUNCTION ${name}_delete()`,
  ];
}

/** Any number of this key: consoles starting together on one PostgreSQL store take turns installing. */
const BOUNDS_LOCK = 0x686f7401;

/**
 * Count bounds held at every insert, so that no flood between two sweeps can grow the store: a
 * trigger counts the rows of each kind in retention_bounds and, past max_rows, deletes the oldest
 * one, even one that age would keep (still pending, still firing): the bound comes first.
 * Created at every open (not in a migration) so that a migration rebuilding a table cannot drop
 * them unnoticed; the counts are taken again at the same time.
 */
export async function installBounds(db: Store, retention: Retention): Promise<void> {
  const engine = engineOf(db);
  await db.transaction().execute(async (trx) => {
    if (engine === "postgres") await sql`SELECT pg_advisory_xact_lock(${BOUNDS_LOCK})`.execute(trx);
    for (const k of KINDS.filter((k) => k.counted)) {
      for (const statement of triggerStatements(k, engine)) await sql.raw(statement).execute(trx);
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.raw(k.table)} WHERE ${sql.raw(and(k.where))}`.execute(trx);
      await trx
        .insertInto("retention_bounds")
        .values({ kind: k.key, max_rows: retention[k.key].maxRows, rows: Number(rows[0]?.n ?? 0) })
        .onConflict((oc) => oc.column("kind").doUpdateSet((eb) => ({ max_rows: eb.ref("excluded.max_rows"), rows: eb.ref("excluded.rows") })))
        .execute();
    }
  });
}

/** Rows removed per kind by one sweep. */
export type SweepResult = Partial<Record<keyof Retention, number>>;

/**
 * Remove what retention no longer keeps: rows older than `days` (but never ones still running
 * or firing), then all but the newest `maxRows` (after the config lowered a bound). Deletes in
 * batches so that a first sweep over a large store never holds the write lock for long.
 */
export async function sweep(db: Store, retention: Retention, now: Date = new Date()): Promise<SweepResult> {
  const engine = engineOf(db);
  const result: SweepResult = {};
  for (const k of KINDS) {
    const { days, maxRows } = retention[k.key];
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    const old = k.at === "day" ? cutoff.slice(0, 10) : cutoff;
    // status_daily has no id column: each engine's own row address
    const id = sql.raw(k.counted ? "id" : engine === "sqlite" ? "rowid" : "ctid");
    const table = sql.raw(k.table);
    const keep = sql.raw(k.keep ? `AND NOT (${k.keep})` : "");
    const all = sql.raw(and(k.where));
    const order = sql.raw(`${k.at} DESC, ${k.counted ? "id" : engine === "sqlite" ? "rowid" : "ctid"} DESC`);
    const past = engine === "sqlite" ? sql`LIMIT -1 OFFSET ${maxRows}` : sql`OFFSET ${maxRows}`;
    let removed = 0;
    for (let n = 1; n > 0; removed += n) {
      const r = await sql`DELETE FROM ${table} WHERE ${id} IN (SELECT ${id} FROM ${table} WHERE ${all} AND ${sql.ref(k.at)} < ${old} ${keep} LIMIT 5000)`.execute(db);
      n = Number(r.numAffectedRows ?? 0);
    }
    const r = await sql`DELETE FROM ${table} WHERE ${id} IN (SELECT ${id} FROM ${table} WHERE ${all} ORDER BY ${order} ${past})`.execute(db);
    removed += Number(r.numAffectedRows ?? 0);
    if (removed) result[k.key] = removed;
  }
  return result;
}
