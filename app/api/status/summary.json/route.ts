import { withRole } from "@/lib/api";
import { currentStatus } from "@/lib/status";
import { publicHeaders } from "@/lib/status/http";

export const dynamic = "force-dynamic";

// GET /api/status/summary.json – page, overall status, components, open incidents, maintenance (Statuspage v2)
export const GET = withRole("public", async () => {
  const status = await currentStatus();
  return new Response(status.summaryJson, { headers: publicHeaders("application/json; charset=utf-8", status.etag) });
});
