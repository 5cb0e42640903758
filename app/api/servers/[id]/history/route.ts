import { z } from "zod";
import { ApiError, withRole } from "@/lib/api";
import { getCollector } from "@/lib/collector";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  seconds: z.coerce.number().int("seconds must be a whole number").min(1).max(24 * 3600).default(300),
});

// GET /api/servers/{id}/history?seconds=N – per-poll lag, qps, writes/s and threads running
export const GET = withRole("viewer", { query: querySchema, params: z.object({ id: z.string() }) }, ({ params, query: { seconds } }) => {
  const entries = getCollector().historyOf(params.id, seconds);
  if (!entries) throw new ApiError("not_found", `Unknown server "${params.id}"`);
  return Response.json({
    points: entries.map((e) => ({
      t: new Date(e.t).toISOString(),
      lagSeconds: e.lagSeconds,
      qps: e.qps,
      writesPerSecond: e.writesPerSecond,
      threadsRunning: e.threadsRunning,
    })),
  });
});
