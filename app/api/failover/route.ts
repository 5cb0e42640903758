import { withRole } from "@/lib/api";
import { clientAddress } from "@/lib/auth";
import { failoverRunsQuerySchema, listRuns, pendingFences, runFailover } from "@/lib/actions/failover";
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

// POST /api/failover – switch the writer to its co-master (graceful or emergency); audited by the action
export const POST = withRole("operator", async ({ req, caller }) => {
  const text = await req.text();
  let body: unknown;
  try {
    body = text.trim() ? JSON.parse(text) : undefined;
  } catch {
    body = { __invalid_json__: true }; // fails the strict body schema inside runFailover: a 400 that is audited
  }
  const run = await runFailover({ body, caller: caller!, ip: clientAddress(req.headers) });
  return Response.json(run);
});
