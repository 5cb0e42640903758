import { withRole } from "@/lib/api";
import { openEpisodes, recentEpisodes, resolveRules } from "@/lib/alerts";
import { getConfig } from "@/lib/config";
import { webhookTarget } from "@/lib/notify";
import { runbookSlugFor } from "@/lib/runbooks/defaults";

export const dynamic = "force-dynamic";

// GET /api/alerts – the rules in force, alerts firing now, recent episodes, webhooks (their host only)
export const GET = withRole("viewer", () => {
  const config = getConfig();
  return Response.json({
    rules: resolveRules(config).map((r) => ({ ...r, runbook: runbookSlugFor(r.id) })),
    firing: openEpisodes(),
    recent: recentEpisodes(30),
    webhooks: config.alerts.webhooks.map((w) => ({ target: webhookTarget(w.url), format: w.format })),
  });
});
