import { withRole } from "@/lib/api";
import { killBodySchema, killParamsSchema, killProcess } from "@/lib/actions";
import { getCollector } from "@/lib/collector";

export const dynamic = "force-dynamic";

// POST /api/servers/{id}/processes/{pid}/kill – KILL QUERY (default) or CONNECTION, after a fresh check
export const POST = withRole(
  "operator",
  { params: killParamsSchema, body: killBodySchema, audit: { action: "kill", params: ({ params, body }) => ({ pid: params.pid, mode: body.mode }) } },
  async ({ params, body, audit }) => {
    const collector = getCollector();
    const outcome = await killProcess(
      { serverId: params.id, pid: params.pid, body, audit },
      { selfThreadIds: (id) => collector.snapshot().servers.find((s) => s.id === id)?.selfThreadIds ?? [] },
    );
    return Response.json(outcome);
  },
);
