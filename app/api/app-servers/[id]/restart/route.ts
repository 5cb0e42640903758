import { withRole } from "@/lib/api";
import { appServerParamsSchema, appTierView, restartAppServer, restartBodySchema } from "@/lib/appservers";
import { clientAddress } from "@/lib/auth";
import { getConfig } from "@/lib/config";

export const dynamic = "force-dynamic";

// POST /api/app-servers/{id}/restart – run the configured php-fpm or nginx restart, guarded and audited by the action
export const POST = withRole("operator", { params: appServerParamsSchema, body: restartBodySchema }, async ({ req, params, body, caller }) => {
  const outcome = await restartAppServer({
    appServer: getConfig().appServers.find((a) => a.id === params.id),
    appServerId: params.id,
    body,
    caller: caller!,
    ip: clientAddress(req.headers),
    causal: appTierView().causalLine,
  });
  return Response.json(outcome);
});
