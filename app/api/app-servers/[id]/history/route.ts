import { z } from "zod";
import { ApiError, withRole } from "@/lib/api";
import { appServerParamsSchema, getAppServers } from "@/lib/appservers";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  seconds: z.coerce.number().int("seconds must be a whole number").min(1).max(24 * 3600).default(300),
});

// GET /api/app-servers/{id}/history?seconds=N – per-poll workers busy, pool size, listen queue and requests/s
export const GET = withRole("viewer", { params: appServerParamsSchema, query: querySchema }, ({ params, query }) => {
  const points = getAppServers().historyOf(params.id, query.seconds);
  if (!points) throw new ApiError("not_found", `Unknown app server "${params.id}"`);
  return Response.json({ points: points.map((p) => ({ ...p, t: new Date(p.t).toISOString() })) });
});
