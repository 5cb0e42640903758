import { listRuns } from "@/lib/actions/failover/runs";
import { episodesBetween } from "@/lib/alerts/episodes";
import { listAudit } from "@/lib/audit";
import { getCollector, type FleetReader } from "@/lib/collector";
import { store, type Store } from "@/lib/store";
import { mergeTimeline } from "@/lib/timeline/merge";
import { listFollowups } from "./followups";
import { summarizeLag, type LagSummary } from "./lag";
import { getIncident } from "./records";
import { incidentReportMarkdown } from "./report";
import { buildIncidentView, incidentWindow, linkedAlerts, SIGNAL_LOOKBACK_MS, type IncidentView } from "./view";

/**
 * An incident from first signal to resolution; null for an unknown id.
 */
export async function loadIncidentView(id: number, now = new Date(), db?: Store): Promise<IncidentView | null> {
  const d = db ?? (await store());
  const incident = await getIncident(id, d);
  if (!incident) return null;
  const opened = Date.parse(incident.createdAt);
  const end = incident.resolvedAt ? new Date(Date.parse(incident.resolvedAt)) : now;
  const alerts = linkedAlerts(incident, await episodesBetween(new Date(opened - SIGNAL_LOOKBACK_MS), end, d), now);
  const { start, end: windowEnd } = incidentWindow(incident, alerts, now);
  const [audit, failoverRuns, followups] = await Promise.all([
    // +1 ms: the resolving update itself is in the window.
    listAudit({ since: start, until: new Date(windowEnd.getTime() + 1), limit: 10_000 }, d),
    listRuns(200, d),
    listFollowups(id, d),
  ]);
  const stream = mergeTimeline(
    {
      episodes: alerts,
      audit,
      incidents: [incident],
      failoverRuns,
    },
    start,
    new Date(Math.max(windowEnd.getTime() + 1, ...alerts.map((a) => (a.resolvedAt ? Date.parse(a.resolvedAt) + 1 : 0)))),
  );
  // Only this incident's own updates; alerts of the window resolve when they resolve.
  return buildIncidentView(incident, alerts, stream, followups, now);
}

/** Lag per server over the view's window, from the collector's memory. */
export function lagOverWindow(collector: FleetReader, view: IncidentView, now = Date.now()): LagSummary[] {
  const start = new Date(view.windowStart);
  const end = new Date(view.windowEnd);
  const seconds = Math.min(86_400, Math.ceil((now - start.getTime()) / 1000) + 5);
  return collector.config.servers.map((s) =>
    summarizeLag(s.id, collector.historyOf(s.id, seconds, now) ?? [], start, end, collector.config.lagCutoffSeconds, collector.config.pollIntervalMs),
  );
}

/** The incident view with the lag over its window: what the incident page and its API both show. */
export type IncidentViewWithLag = IncidentView & { lag: LagSummary[] };

/** The incident page's view (GET /incidents/{id} and GET /api/incidents/{id}/view); null for an unknown id. */
export async function incidentViewWithLag(id: number, collector: FleetReader = getCollector(), now = new Date()): Promise<IncidentViewWithLag | null> {
  const view = await loadIncidentView(id, now);
  return view && { ...view, lag: lagOverWindow(collector, view, now.getTime()) };
}

/** The battle report of one incident, as Markdown; null for an unknown id. */
export async function incidentReport(id: number, collector: FleetReader, now = new Date(), db?: Store): Promise<string | null> {
  const view = await loadIncidentView(id, now, db);
  if (!view) return null;
  return incidentReportMarkdown({ view, lag: lagOverWindow(collector, view, now.getTime()), lagCutoffSeconds: collector.config.lagCutoffSeconds, generatedAt: now.toISOString() });
}
