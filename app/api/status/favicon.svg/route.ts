import { withRole } from "@/lib/api";
import { currentStatus } from "@/lib/status";
import { publicHeaders } from "@/lib/status/http";

export const dynamic = "force-dynamic";

// GET /api/status/favicon.svg – the status page's tab icon, coloured by the overall state
export const GET = withRole("public", async () => {
  const status = await currentStatus();
  return new Response(status.faviconSvg, { headers: publicHeaders("image/svg+xml; charset=utf-8", status.etag) });
});
