import { z } from "zod";
import { ApiError, withRole } from "@/lib/api";
import { getCollector } from "@/lib/collector";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  seconds: z.coerce.number().int().min(10).max(3600).default(300),
  by: z.enum(["time", "rows"]).default("time"),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

// GET /api/servers/{id}/writers – writes/s by statement kind beside lag, and the statements writing most
export const GET = withRole("viewer", { query: querySchema, params: z.object({ id: z.string() }) }, ({ params, query }) => {
  const collector = getCollector();
  const history = collector.historyOf(params.id, query.seconds);
  const top = collector.topWritersOf(params.id, query.by, query.limit);
  if (!history || !top) throw new ApiError("not_found", `Unknown server "${params.id}"`);
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
    source: "processlist_sampling",
    points: history.map((e) => ({
      t: new Date(e.t).toISOString(),
      insert: e.writeRates?.insert ?? null,
      update: e.writeRates?.update ?? null,
      delete: e.writeRates?.delete ?? null,
      replace: e.writeRates?.replace ?? null,
      lagSeconds: e.lagSeconds,
      replicaLagSeconds: lagAt.get(e.t) ?? null,
    })),
    top: top.map((w) => ({
      ...w,
      firstSeenAt: new Date(w.firstSeenAt).toISOString(),
      lastSeenAt: new Date(w.lastSeenAt).toISOString(),
    })),
  });
});
