import { withRole } from "@/lib/api";
import { failoverPlanBodySchema, planFailover } from "@/lib/actions/failover";

export const dynamic = "force-dynamic";

// POST /api/failover/plan – every check for switching the writer to `candidate`, and the steps; changes nothing
export const POST = withRole("operator", { body: failoverPlanBodySchema }, async ({ body }) => {
  return Response.json(await planFailover(body));
});
