import { withRole } from "@/lib/api";
import { currentStatus } from "@/lib/status";
import { publicHeaders } from "@/lib/status/http";

export const dynamic = "force-dynamic";

// GET /api/status/status.json – the page and its overall indicator only (Statuspage v2)
export const GET = withRole("public", async () => {
  const status = await currentStatus();
  return new Response(status.statusJson, { headers: publicHeaders("application/json; charset=utf-8", status.etag) });
});
