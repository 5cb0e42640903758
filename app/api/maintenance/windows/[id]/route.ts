import { withRole } from "@/lib/api";
import { cancelWindow, reconcileMaintenance, windowParamsSchema } from "@/lib/maintenance";

export const dynamic = "force-dynamic";

// DELETE /api/maintenance/windows/{id} – cancel a scheduled window; an active one ends now
export const DELETE = withRole(
  "operator",
  { params: windowParamsSchema, audit: { action: "maintenance.window.cancel", serverId: () => null } },
  async ({ params, caller }) => {
    const window = await cancelWindow(params.id, caller!.name);
    await reconcileMaintenance({ caller });
    return Response.json({ window });
  },
);
