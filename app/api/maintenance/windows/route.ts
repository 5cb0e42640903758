import { withRole } from "@/lib/api";
import { createWindow, createWindowBodySchema, listWindows, reconcileMaintenance } from "@/lib/maintenance";

export const dynamic = "force-dynamic";

// GET /api/maintenance/windows – scheduled windows: active and upcoming first, then the latest past ones
export const GET = withRole("viewer", async () => Response.json({ windows: await listWindows() }, { headers: { "cache-control": "no-store" } }));

// POST /api/maintenance/windows – schedule a window; maintenance turns on and off by itself
export const POST = withRole(
  "operator",
  { body: createWindowBodySchema, audit: { action: "maintenance.window.create", serverId: () => null } },
  async ({ body, caller }) => {
    const window = await createWindow(body, caller!.name);
    // a window that starts now takes effect now, not on the next scheduler tick
    await reconcileMaintenance({ caller });
    return Response.json({ window }, { status: 201 });
  },
);
