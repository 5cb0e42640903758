import { withRole } from "@/lib/api";
import { clearOverride, setOverride } from "@/lib/status";
import { componentParamsSchema, overrideBodySchema } from "@/lib/status/schemas";

export const dynamic = "force-dynamic";

// PUT /api/status/components/{id}/override – pin a component's public state (until cleared or `until`)
export const PUT = withRole(
  "operator",
  { params: componentParamsSchema, body: overrideBodySchema, audit: { action: "status.override", serverId: () => null } },
  async ({ params, body, caller }) => {
    const override = await setOverride({ component: params.id, status: body.status, note: body.note ?? null, until: body.until ?? null, by: caller!.name });
    return Response.json({ override });
  },
);

// DELETE /api/status/components/{id}/override – back to the live state
export const DELETE = withRole(
  "operator",
  { params: componentParamsSchema, audit: { action: "status.override.clear", serverId: () => null } },
  async ({ params }) => {
    const cleared = await clearOverride(params.id);
    return Response.json({ cleared });
  },
);
