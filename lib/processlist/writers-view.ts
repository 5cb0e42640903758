import { z } from "zod";
import type { ServerWriters } from "@/lib/collector/collector";
import type { HistoryEntry } from "@/lib/collector/history";
import type { TopWriter } from "@/lib/collector/top-writers";
import type { StatementReader } from "./visible-text";

/** The source in words, for the panel and for scripts reading the API. */
const SOURCE_DESCRIPTION = {
  performance_schema: "performance_schema statement digests: rows and time counted by the server, last 15 minutes",
  processlist_sampling: "processlist sampling every poll: only statements running at a poll are seen, rows are not counted",
} as const;

/** GET /api/servers/{id}/writers query. */
export const writersQuerySchema = z.object({
  seconds: z.coerce.number().int().min(10).max(3600).default(300),
  // Default: by rows where the server counts them (performance_schema), by time where it is sampled.
  by: z.enum(["time", "rows"]).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export type WritersQuery = z.output<typeof writersQuerySchema>;

/** What the view reads from the collector. */
export interface WritersFacts {
  historyOf(serverId: string, seconds: number): HistoryEntry[] | null;
  writersOf(serverId: string, by: "time" | "rows", limit: number): ServerWriters | null;
  topology(): { servers: readonly { id: string; replication: { sourceId: string | null } | null }[] };
}

/** GET /api/servers/{id}/writers's body. */
export interface WritersView {
  serverId: string;
  replicaIds: string[];
  source: ServerWriters["source"];
  sourceDescription: string;
  sourceNote: string | null;
  by: "time" | "rows";
  points: {
    t: string;
    insert: number | null;
    update: number | null;
    delete: number | null;
    replace: number | null;
    lagSeconds: number | null;
    replicaLagSeconds: number | null;
  }[];
  top: (Omit<TopWriter, "firstSeenAt" | "lastSeenAt"> & { firstSeenAt: string; lastSeenAt: string })[];
}

/**
 * Writes/s by statement kind beside lag, and the statements writing most, on one server; null
 * for an unknown server. The lag its writes cause shows on its replicas: each tick carries the
 * worst replica lag. Examples read as the caller may read statements.
 */
export function writersView(facts: WritersFacts, serverId: string, query: WritersQuery, read: StatementReader): WritersView | null {
  const history = facts.historyOf(serverId, query.seconds);
  const byRows = facts.writersOf(serverId, "rows", query.limit);
  if (!history || !byRows) return null;
  const by = query.by ?? (byRows.source === "performance_schema" ? "rows" : "time");
  const writers = by === "rows" ? byRows : (facts.writersOf(serverId, by, query.limit) ?? byRows);
  const replicas = facts.topology().servers.filter((s) => s.id !== serverId && s.replication?.sourceId === serverId);
  const lagAt = new Map<number, number>();
  for (const s of replicas) {
    for (const e of facts.historyOf(s.id, query.seconds) ?? []) {
      if (e.lagSeconds != null) lagAt.set(e.t, Math.max(lagAt.get(e.t) ?? 0, e.lagSeconds));
    }
  }
  return {
    serverId,
    replicaIds: replicas.map((s) => s.id),
    source: writers.source,
    sourceDescription: SOURCE_DESCRIPTION[writers.source],
    sourceNote: writers.note,
    by,
    points: history.map((e) => ({
      t: new Date(e.t).toISOString(),
      insert: e.writeRates?.insert ?? null,
      update: e.writeRates?.update ?? null,
      delete: e.writeRates?.delete ?? null,
      replace: e.writeRates?.replace ?? null,
      lagSeconds: e.lagSeconds,
      replicaLagSeconds: lagAt.get(e.t) ?? null,
    })),
    top: writers.top.map((w) => ({
      ...w,
      example: read(w.example) ?? "",
      firstSeenAt: new Date(w.firstSeenAt).toISOString(),
      lastSeenAt: new Date(w.lastSeenAt).toISOString(),
    })),
  };
}
