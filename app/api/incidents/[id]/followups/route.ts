import { ApiError, withRole } from "@/lib/api";
import { addFollowup, addFollowupBodySchema, getIncident, incidentParamsSchema, listFollowups } from "@/lib/incidents";

export const dynamic = "force-dynamic";

// GET /api/incidents/{id}/followups – the incident's follow-up items
export const GET = withRole("viewer", { params: incidentParamsSchema }, async ({ params }) => {
  if (!(await getIncident(params.id))) throw new ApiError("not_found", `No incident ${params.id}`);
  return Response.json({ followups: await listFollowups(params.id) });
});

// POST /api/incidents/{id}/followups – add a follow-up item for the postmortem
export const POST = withRole(
  "operator",
  { params: incidentParamsSchema, body: addFollowupBodySchema, audit: { action: "incident.followup.add", serverId: () => null } },
  async ({ params, body, caller }) => {
    if (!(await getIncident(params.id))) throw new ApiError("not_found", `No incident ${params.id}`);
    return Response.json({ followup: await addFollowup(params.id, body, caller!.name) }, { status: 201 });
  },
);
