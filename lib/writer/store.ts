import { sql, type Selectable } from "kysely";
import { store, type Store } from "@/lib/store";
import { isUniqueViolation } from "@/lib/store/errors";
import type { PublishedWritersTable } from "@/lib/store/schema";

/** The writer Hot Seat tells applications to use (GET /api/topology/writer). */
export interface PublishedWriter {
  id: string;
  host: string;
  port: number;
  /** ISO 8601 UTC */
  publishedAt: string;
  publishedBy: string;
  /** The failover run that published it; null for a first or manual publish. */
  runId: number | null;
}

const toWriter = (row: Selectable<PublishedWritersTable>): PublishedWriter => ({
  id: row.server_id,
  host: row.host,
  port: row.port,
  publishedAt: row.published_at,
  publishedBy: row.published_by,
  runId: row.run_id,
});

/**
 * The published writer of the cluster made of `serverIds` (the most recently published of them),
 * or, without `serverIds`, the most recently published writer of any cluster; null when nothing
 * was published yet. Keyed by server, so a cluster's published writer needs no cluster id and
 * survives the cluster being renamed.
 */
export async function getPublishedWriter(db?: Store, serverIds?: readonly string[]): Promise<PublishedWriter | null> {
  if (serverIds && serverIds.length === 0) return null;
  let query = (db ?? (await store())).selectFrom("published_writers").selectAll();
  if (serverIds) query = query.where("server_id", "in", serverIds);
  const row = await query.orderBy("seq", "desc").limit(1).executeTakeFirst();
  return row ? toWriter(row) : null;
}

/**
 * One publish: the row of `writer` gets the next `seq` (publish order) in a single statement. `seq`
 * is unique, so of two consoles publishing at once on PostgreSQL (each reading the same highest
 * seq) the second fails and tries again, then comes after the first.
 */
async function publishOnce(db: Store, writer: { id: string; host: string; port: number }, at: string, by: { actor: string; runId?: number | null }): Promise<void> {
  await sql`
    INSERT INTO published_writers (server_id, host, port, published_at, published_by, run_id, seq)
    SELECT ${writer.id}, ${writer.host}, ${writer.port}, ${at}, ${by.actor}, ${by.runId ?? null}, next.seq
    FROM (SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM published_writers) next
    WHERE true -- SQLite reads ON CONFLICT after a bare SELECT ... FROM as a join's ON; the WHERE ends the SELECT
    ON CONFLICT (server_id) DO UPDATE SET host = excluded.host, port = excluded.port, published_at = excluded.published_at,
      published_by = excluded.published_by, run_id = excluded.run_id, seq = excluded.seq`.execute(db);
}

/** Persist a newly published writer (of its cluster: it becomes the latest of its servers) and return it. */
export async function storePublishedWriter(writer: { id: string; host: string; port: number }, by: { actor: string; runId?: number | null }, db?: Store): Promise<PublishedWriter> {
  const d = db ?? (await store());
  const publishedAt = new Date().toISOString();
  for (let attempt = 1; ; attempt++) {
    try {
      await publishOnce(d, writer, publishedAt, by);
      return { ...writer, publishedAt, publishedBy: by.actor, runId: by.runId ?? null };
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= 5) throw err;
    }
  }
}
