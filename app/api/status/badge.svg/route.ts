import { withRole } from "@/lib/api";
import { currentStatus } from "@/lib/status";
import { publicHeaders } from "@/lib/status/http";

export const dynamic = "force-dynamic";

// GET /api/status/badge.svg – "status | all systems operational" for READMEs and wikis
export const GET = withRole("public", async () => {
  const status = await currentStatus();
  return new Response(status.badgeSvg, { headers: publicHeaders("image/svg+xml; charset=utf-8", status.etag) });
});
