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
  server_id: string;
  host: string;
  port: number;
  published_at: string;
  published_by: string;
  run_id: number | null;
}

/** The published writer, or null when nothing was published yet. */
export function getPublishedWriter(db?: StoreDb): PublishedWriter | null {
  const row = (db ?? getStore()).prepare(`SELECT * FROM published_writer WHERE slot = 1`).get() as Row | undefined;
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

/** Persist a new published writer (replacing the previous one) and return it. */
export function storePublishedWriter(
  writer: { id: string; host: string; port: number },
  by: { actor: string; runId?: number | null },
  db?: StoreDb,
): PublishedWriter {
  const publishedAt = new Date().toISOString();
  (db ?? getStore())
    .prepare(
      `INSERT INTO published_writer (slot, server_id, host, port, published_at, published_by, run_id)
       VALUES (1, @id, @host, @port, @at, @by, @run)
       ON CONFLICT (slot) DO UPDATE SET server_id = @id, host = @host, port = @port,
         published_at = @at, published_by = @by, run_id = @run`,
    )
    .run({ id: writer.id, host: writer.host, port: writer.port, at: publishedAt, by: by.actor, run: by.runId ?? null });
  return { ...writer, publishedAt, publishedBy: by.actor, runId: by.runId ?? null };
}
