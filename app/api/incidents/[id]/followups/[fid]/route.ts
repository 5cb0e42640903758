import { ApiError, withRole } from "@/lib/api";
import { followupParamsSchema, patchFollowupBodySchema, setFollowupDone } from "@/lib/incidents";

export const dynamic = "force-dynamic";

// PATCH /api/incidents/{id}/followups/{fid} – mark a follow-up done or open again
export const PATCH = withRole(
  "operator",
  { params: followupParamsSchema, body: patchFollowupBodySchema, audit: { action: "incident.followup.update", serverId: () => null } },
  async ({ params, body }) => {
    const followup = await setFollowupDone(params.id, params.fid, body.done);
    if (!followup) throw new ApiError("not_found", `No follow-up ${params.fid} on incident ${params.id}`);
    return Response.json({ followup });
  },
);
