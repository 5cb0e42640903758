import { ApiError, withRole } from "@/lib/api";
import { incidentParamsSchema, incidentViewWithLag } from "@/lib/incidents";

export const dynamic = "force-dynamic";

// GET /api/incidents/{id}/view – the incident from first signal to resolution: alerts, timeline, TTD/TTM/TTR, lag
export const GET = withRole("viewer", { params: incidentParamsSchema }, async ({ params }) => {
  const view = await incidentViewWithLag(params.id);
  if (!view) throw new ApiError("not_found", `No incident ${params.id}`);
  return Response.json(view);
});
