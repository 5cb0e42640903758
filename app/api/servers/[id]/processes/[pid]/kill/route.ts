import { withRole } from "@/lib/api";
import { killProcess } from "@/lib/actions";
import { clientAddress } from "@/lib/auth";
import { getCollector } from "@/lib/collector";

export const dynamic = "force-dynamic";

// POST /api/servers/{id}/processes/{pid}/kill – KILL QUERY (default) or CONNECTION, after a fresh check; audited by the action
export const POST = withRole<{ id: string; pid: string }>("operator", async ({ req, params, caller }) => {
  const text = await req.text();
  let body: unknown;
  try {
    body = text.trim() ? JSON.parse(text) : undefined;
  } catch {
    body = { __invalid_json__: true }; // fails the strict body schema: a 400 that is audited
  }
  const collector = getCollector();
  const outcome = await killProcess(
    { serverId: params.id, pid: params.pid, body, caller: caller!, ip: clientAddress(req.headers) },
    { selfThreadIds: (id) => collector.snapshot().servers.find((s) => s.id === id)?.selfThreadIds ?? [] },
  );
  return Response.json(outcome);
});
