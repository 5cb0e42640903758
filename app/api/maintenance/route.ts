import { withRole } from "@/lib/api";
import { getMaintenance, hookSummary, putMaintenanceBodySchema, reconcileMaintenance, setMaintenanceSwitch } from "@/lib/maintenance";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

// GET /api/maintenance – the effective maintenance state, public, for apps that poll
export const GET = withRole("public", async () => {
  const { enabled, message, since, until, source, windowId } = await getMaintenance();
  return Response.json({ enabled, message, since, until, source, windowId }, { headers: NO_STORE });
});

// PUT /api/maintenance – turn maintenance on (with message and expected end) or off; runs the drivers
export const PUT = withRole(
  "operator",
  { body: putMaintenanceBodySchema, audit: { action: "maintenance.set", serverId: () => null } },
  async ({ body, caller }) => {
    await setMaintenanceSwitch(body, caller!.name);
    const { state, flagFile, hooks } = await reconcileMaintenance({ caller });
    // how each hook ended, not its command or output: those are in the audit log, for operators
    return Response.json({ ...state, drivers: { flagFile, hooks: hooks.map(hookSummary) } }, { headers: NO_STORE });
  },
);
