import { withRole } from "@/lib/api";
import { failoverBodySchema, failoverOverview, failoverRunsQuerySchema, runFailover } from "@/lib/actions/failover";

export const dynamic = "force-dynamic";

// GET /api/failover – the published writer, who may take over, recent failover runs with their steps (polled while a switch runs)
export const GET = withRole("viewer", { query: failoverRunsQuerySchema }, async ({ query }) => Response.json(await failoverOverview(query.limit, {}, query.cluster)));

// POST /api/failover – switch the writer to its co-master (graceful or emergency)
export const POST = withRole(
  "operator",
  {
    body: failoverBodySchema,
    audit: { action: "failover", params: ({ body }) => ({ candidate: body.candidate, cluster: body.cluster ?? null, mode: body.mode, acknowledge: body.acknowledge ?? false }) },
  },
  async ({ body, caller, audit }) => Response.json(await runFailover({ body, caller: caller!, audit })),
);
