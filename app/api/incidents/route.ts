import { withRole } from "@/lib/api";
import { listIncidents, openIncident, openIncidentBodySchema } from "@/lib/incidents";

export const dynamic = "force-dynamic";

// GET /api/incidents – incidents with their updates, open ones first, for the console
export const GET = withRole("viewer", async () => Response.json({ incidents: await listIncidents({ limit: 50 }) }));

// POST /api/incidents – open an incident on the public status page with its first update
export const POST = withRole(
  "operator",
  { body: openIncidentBodySchema, audit: { action: "incident.open", serverId: () => null } },
  async ({ body, caller }) => {
    const incident = await openIncident({ ...body, by: caller!.name });
    return Response.json({ incident }, { status: 201 });
  },
);
