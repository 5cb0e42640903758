import { ApiError, withRole } from "@/lib/api";
import { getCollector } from "@/lib/collector";
import { incidentParamsSchema } from "@/lib/status/schemas";
import { lagOverWindow, loadIncidentView } from "@/lib/timeline";

export const dynamic = "force-dynamic";

// GET /api/incidents/{id}/view – the incident from first signal to resolution: alerts, timeline, TTD/TTM/TTR, lag
export const GET = withRole("viewer", { params: incidentParamsSchema }, ({ params }) => {
  const view = loadIncidentView(params.id);
  if (!view) throw new ApiError("not_found", `No incident ${params.id}`);
  return Response.json({ ...view, lag: lagOverWindow(getCollector(), view) });
});
