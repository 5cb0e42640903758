import { withRole } from "@/lib/api";
import { clientAddress } from "@/lib/auth";
import { failoverOverview, failoverRunsQuerySchema, runFailover } from "@/lib/actions/failover";

export const dynamic = "force-dynamic";

// GET /api/failover – the published writer, who may take over, recent failover runs with their steps (polled while a switch runs)
export const GET = withRole("viewer", { query: failoverRunsQuerySchema }, ({ query }) => Response.json(failoverOverview(query.limit)));

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
