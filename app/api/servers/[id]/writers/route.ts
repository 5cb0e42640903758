import { z } from "zod";
import { ApiError, withRole } from "@/lib/api";
import { getCollector } from "@/lib/collector";
import { maskSecrets } from "@/lib/processlist";

export const dynamic = "force-dynamic";

/** The source in words, for the panel and for scripts reading the API. */
const SOURCE_DESCRIPTION = {
  performance_schema: "performance_schema statement digests: rows and time counted by the server, last 15 minutes",
  processlist_sampling: "processlist sampling every poll: only statements running at a poll are seen, rows are not counted",
} as const;

const querySchema = z.object({
  seconds: z.coerce.number().int().min(10).max(3600).default(300),
  // Default: by rows where the server counts them (performance_schema), by time where it is sampled.
  by: z.enum(["time", "rows"]).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

// GET /api/servers/{id}/writers – writes/s by statement kind beside lag, and the statements writing most
export const GET = withRole("viewer", { query: querySchema, params: z.object({ id: z.string() }) }, ({ params, query, caller }) => {
  const collector = getCollector();
  const history = collector.historyOf(params.id, query.seconds);
  const byRows = collector.writersOf(params.id, "rows", query.limit);
  if (!history || !byRows) throw new ApiError("not_found", `Unknown server "${params.id}"`);
  const by = query.by ?? (byRows.source === "performance_schema" ? "rows" : "time");
  const writers = by === "rows" ? byRows : collector.writersOf(params.id, by, query.limit)!;
  // The lag this server's writes cause shows on its replicas: the worst replica lag at each tick.
  const others = collector.topology().servers.filter((s) => s.id !== params.id && s.replication?.sourceId === params.id);
  const lagAt = new Map<number, number>();
  for (const s of others) {
    for (const e of collector.historyOf(s.id, query.seconds) ?? []) {
      if (e.lagSeconds != null) lagAt.set(e.t, Math.max(lagAt.get(e.t) ?? 0, e.lagSeconds));
    }
  }
  return Response.json({
    serverId: params.id,
    replicaIds: others.map((s) => s.id),
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
      example: caller?.role === "viewer" ? (maskSecrets(w.example) ?? "") : w.example,
      firstSeenAt: new Date(w.firstSeenAt).toISOString(),
      lastSeenAt: new Date(w.lastSeenAt).toISOString(),
    })),
  });
});
