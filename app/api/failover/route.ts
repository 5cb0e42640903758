import { withRole } from "@/lib/api";
import { failoverBodySchema, failoverRunsQuerySchema, listRuns, pendingFences, runFailover } from "@/lib/actions/failover";
import { currentWriter } from "@/lib/writer";

export const dynamic = "force-dynamic";

// GET /api/failover – the published writer, recent failover runs with their steps (the console polls it while a switch runs)
export const GET = withRole("viewer", { query: failoverRunsQuerySchema }, ({ query }) => {
  const runs = listRuns(query.limit);
  return Response.json({
    writer: currentWriter(),
    running: runs.find((r) => r.status === "running") ?? null,
    fencing: pendingFences(),
    runs,
  });
});

// POST /api/failover – switch the writer to its co-master (graceful or emergency)
export const POST = withRole(
  "operator",
  {
    body: failoverBodySchema,
    audit: { action: "failover", params: ({ body }) => ({ candidate: body.candidate, mode: body.mode, acknowledge: body.acknowledge ?? false }) },
  },
  async ({ body, caller, audit }) => Response.json(await runFailover({ body, caller: caller!, audit })),
);
