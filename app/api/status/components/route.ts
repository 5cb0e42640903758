import { withRole } from "@/lib/api";
import { currentStatus, listOverrides } from "@/lib/status";

export const dynamic = "force-dynamic";

// GET /api/status/components – the public components with the operators' overrides, for the console
export const GET = withRole("viewer", async () => {
  const status = await currentStatus();
  return Response.json({
    components: status.model.summary.components.map((c) => ({ id: c.id, name: c.name, status: c.status, description: c.description })),
    overrides: await listOverrides(),
    overall: status.model.overall,
    generatedAt: status.model.generatedAt,
  });
});
