import { ApiError, withRole } from "@/lib/api";
import { incidentParamsSchema, incidentUpdateBodySchema, postIncidentUpdate } from "@/lib/incidents";

export const dynamic = "force-dynamic";

// POST /api/incidents/{id}/updates – post the next update (investigating, identified, monitoring, resolved)
export const POST = withRole(
  "operator",
  {
    params: incidentParamsSchema,
    body: incidentUpdateBodySchema,
    audit: { action: "incident.update", serverId: () => null },
  },
  async ({ params, body, caller }) => {
    const incident = await postIncidentUpdate(params.id, {
      status: body.status,
      body: body.body,
      components: body.components ?? null,
      impact: body.impact,
      by: caller!.name,
    });
    if (!incident) throw new ApiError("not_found", `No incident ${params.id}`);
    return Response.json({ incident }, { status: 201 });
  },
);
