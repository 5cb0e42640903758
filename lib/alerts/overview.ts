import { getConfig, type HotSeatConfig } from "@/lib/config";
import { webhookTarget } from "@/lib/notify";
import { runbookSlugFor } from "@/lib/runbooks/defaults";
import { openEpisodes, recentEpisodes, type AlertEpisode } from "./episodes";
import { resolveRules, type AlertRule } from "./rules";

/** How many of the latest episodes the overview lists. */
export const RECENT_ALERTS = 30;

/** What the alerts page and GET /api/alerts both show. Webhooks by their origin only: a URL can hold a secret. */
export interface AlertsOverview {
  rules: (AlertRule & { runbook: string | null })[];
  firing: AlertEpisode[];
  recent: AlertEpisode[];
  webhooks: { target: string; format: HotSeatConfig["alerts"]["webhooks"][number]["format"] }[];
}

/** The rules in force (each with its runbook), what fires now, the latest episodes, the webhooks. */
export async function alertsOverview(config: HotSeatConfig = getConfig()): Promise<AlertsOverview> {
  const [firing, recent] = await Promise.all([openEpisodes(), recentEpisodes(RECENT_ALERTS)]);
  return {
    rules: resolveRules(config).map((r) => ({ ...r, runbook: runbookSlugFor(r.id) })),
    firing,
    recent,
    webhooks: config.alerts.webhooks.map((w) => ({ target: webhookTarget(w.url), format: w.format })),
  };
}
