import { getStore, type StoreDb } from "@/lib/store";

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

interface Row {
  seq: number;
  server_id: string;
  host: string;
  port: number;
  published_at: string;
  published_by: string;
  run_id: number | null;
}

/**
 * The published writer of the cluster made of `serverIds` (the most recently published of them),
 * or, without `serverIds`, the most recently published writer of any cluster; null when nothing
 * was published yet. Keyed by server, so a cluster's published writer needs no cluster id and
 * survives the cluster being renamed.
 */
export function getPublishedWriter(db?: StoreDb, serverIds?: readonly string[]): PublishedWriter | null {
  const store = db ?? getStore();
  const rows = store.prepare(`SELECT * FROM published_writers ORDER BY seq DESC`).all() as Row[];
  const row = serverIds ? rows.find((r) => serverIds.includes(r.server_id)) : rows[0];
  if (!row) return null;
  return {
    id: row.server_id,
    host: row.host,
    port: row.port,
    publishedAt: row.published_at,
    publishedBy: row.published_by,
    runId: row.run_id,
  };
}

/** Persist a newly published writer (of its cluster: it becomes the latest of its servers) and return it. */
export function storePublishedWriter(
  writer: { id: string; host: string; port: number },
  by: { actor: string; runId?: number | null },
  db?: StoreDb,
): PublishedWriter {
  const publishedAt = new Date().toISOString();
  (db ?? getStore())
    .prepare(
      `INSERT INTO published_writers (server_id, host, port, published_at, published_by, run_id, seq)
       VALUES (@id, @host, @port, @at, @by, @run, (SELECT COALESCE(MAX(seq), 0) + 1 FROM published_writers))
       ON CONFLICT (server_id) DO UPDATE SET host = @host, port = @port, published_at = @at,
         published_by = @by, run_id = @run, seq = excluded.seq`,
    )
    .run({ id: writer.id, host: writer.host, port: writer.port, at: publishedAt, by: by.actor, run: by.runId ?? null });
  return { ...writer, publishedAt, publishedBy: by.actor, runId: by.runId ?? null };
}
