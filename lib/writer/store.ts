import { sql, type Selectable } from "kysely";
import { store, type Store } from "@/lib/store";
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

/** What a compare-and-set publish expects: the cluster (its servers) and its published writer now (null: none yet). */
export interface ExpectedWriter {
  serverIds: readonly string[];
  id: string | null;
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

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string };
  return e.code === "23505" || e.code === "SQLITE_CONSTRAINT_UNIQUE";
};

/**
 * One publish: the row of `writer` gets the next `seq` (publish order), in a single statement that
 * inserts nothing when `expected` is given and no longer holds. `seq` is unique, so of two consoles
 * publishing at once on PostgreSQL (each reading the same highest seq) the second fails and tries
 * again, then sees the first's publish. Returns whether a row was written.
 */
async function publishOnce(db: Store, writer: { id: string; host: string; port: number }, at: string, by: { actor: string; runId?: number | null }, expected?: ExpectedWriter): Promise<boolean> {
  const ids = expected?.serverIds.length ? expected.serverIds : [""];
  const current = sql`(SELECT server_id FROM published_writers WHERE server_id IN (${sql.join(ids)}) ORDER BY seq DESC LIMIT 1)`;
  const holds = !expected ? sql`1 = 1` : expected.id === null ? sql`${current} IS NULL` : sql`${current} = ${expected.id}`;
  const result = await sql`
    INSERT INTO published_writers (server_id, host, port, published_at, published_by, run_id, seq)
    SELECT ${writer.id}, ${writer.host}, ${writer.port}, ${at}, ${by.actor}, ${by.runId ?? null}, next.seq
    FROM (SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM published_writers) next
    WHERE ${holds}
    ON CONFLICT (server_id) DO UPDATE SET host = excluded.host, port = excluded.port, published_at = excluded.published_at,
      published_by = excluded.published_by, run_id = excluded.run_id, seq = excluded.seq`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

async function publish(writer: { id: string; host: string; port: number }, by: { actor: string; runId?: number | null }, db: Store, expected?: ExpectedWriter): Promise<PublishedWriter | null> {
  const publishedAt = new Date().toISOString();
  for (let attempt = 1; ; attempt++) {
    try {
      if (!(await publishOnce(db, writer, publishedAt, by, expected))) return null;
      return { ...writer, publishedAt, publishedBy: by.actor, runId: by.runId ?? null };
    } catch (err) {
      if (!isUniqueViolation(err) || attempt >= 5) throw err;
    }
  }
}

/** Persist a newly published writer (of its cluster: it becomes the latest of its servers) and return it. */
export async function storePublishedWriter(writer: { id: string; host: string; port: number }, by: { actor: string; runId?: number | null }, db?: Store): Promise<PublishedWriter> {
  return (await publish(writer, by, db ?? (await store())))!;
}

/**
 * Compare-and-set: publish `writer` only if the cluster's published writer is still `expected.id`
 * (null: nothing published in it yet). Returns the published writer, or null when another publish
 * came first (through this console or another sharing the store).
 */
export async function swapPublishedWriter(
  writer: { id: string; host: string; port: number },
  by: { actor: string; runId?: number | null },
  expected: ExpectedWriter,
  db?: Store,
): Promise<PublishedWriter | null> {
  return publish(writer, by, db ?? (await store()), expected);
}
