import { ApiError, withRole } from "@/lib/api";
import { getConfig } from "@/lib/config";
import { METRICS_CONTENT_TYPE, renderMetrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

// GET /api/metrics – the fleet and the console in the Prometheus text format (viewer, or anyone with metrics.public)
export const GET = withRole("public", async ({ caller }) => {
  if (!caller && !getConfig().metrics.public) throw new ApiError("unauthorized", "Send a viewer API token (Authorization: Bearer), or set metrics.public");
  return new Response(await renderMetrics(), { headers: { "content-type": METRICS_CONTENT_TYPE, "cache-control": "no-store" } });
});
