import { withRole } from "@/lib/api";
import { appServerParamsSchema, appTierView, RESTART_ACTION, restartAppServer, restartBodySchema } from "@/lib/appservers";
import { getConfig } from "@/lib/config";

export const dynamic = "force-dynamic";

// POST /api/app-servers/{id}/restart – run the configured php-fpm or nginx restart, guarded, audited with its outcome
export const POST = withRole(
  "operator",
  {
    params: appServerParamsSchema,
    body: restartBodySchema,
    audit: {
      action: RESTART_ACTION,
      serverId: ({ params }) => params.id,
      params: ({ body }) => ({ service: body.service, acknowledge: body.acknowledge ?? false }),
    },
  },
  async ({ params, body, audit, auditFailure }) => {
    const outcome = await restartAppServer({
      appServer: getConfig().appServers.find((a) => a.id === params.id),
      appServerId: params.id,
      body,
      audit,
      auditFailure,
      causal: appTierView().causalLine,
    });
    return Response.json(outcome);
  },
);
