import type { AlertEpisode } from "@/lib/alerts/episodes";
import type { TimelineEntry } from "@/lib/timeline/types";
import type { Followup } from "./followups";
import type { IncidentRecord } from "./records";

/**
 * An alert that cleared at most this long before the incident was opened still counts as its
 * signal (the engineer opened it a moment after the page resolved); older ones are another story.
 */
export const SIGNAL_LOOKBACK_MS = 2 * 60_000;

/** An incident from first signal to resolution, with its story and its clocks. */
export interface IncidentView {
  incident: IncidentRecord;
  /** ISO: the earliest signal (an alert's condition first seen), else the moment the incident was opened */
  firstSignalAt: string;
  /** ISO: the first alert fired, else the incident opened, whichever was first */
  detectedAt: string;
  detectedBy: "alert" | "incident";
  /** ISO: the first successful mitigating action (maintenance on, kill, failover) */
  mitigatedAt: string | null;
  resolvedAt: string | null;
  /** seconds from the first signal; null while unknown */
  ttdSeconds: number;
  ttmSeconds: number | null;
  ttrSeconds: number | null;
  /** the window the view covers: first signal to resolution (or now while open) */
  windowStart: string;
  windowEnd: string;
  alerts: AlertEpisode[];
  timeline: TimelineEntry[];
  followups: Followup[];
}

/**
 * The alerts that belong to an incident: firing at some moment between `SIGNAL_LOOKBACK_MS` before
 * it opened and its resolution (or now), however long before the opening they fired: the
 * earliest one's first signal starts the incident's window. The caller passes every candidate.
 */
export function linkedAlerts(incident: IncidentRecord, candidates: readonly AlertEpisode[], now: Date): AlertEpisode[] {
  const from = Date.parse(incident.createdAt) - SIGNAL_LOOKBACK_MS;
  const to = incident.resolvedAt ? Date.parse(incident.resolvedAt) : now.getTime();
  return candidates.filter((e) => Date.parse(e.firedAt) <= to && (e.resolvedAt == null || Date.parse(e.resolvedAt) >= from));
}

/** The window of an incident: from its first signal to its resolution (or now). */
export function incidentWindow(incident: IncidentRecord, alerts: readonly AlertEpisode[], now: Date): { start: Date; end: Date } {
  const opened = Date.parse(incident.createdAt);
  const first = Math.min(opened, ...alerts.map((a) => Date.parse(a.pendingSince)));
  const end = incident.resolvedAt ? Date.parse(incident.resolvedAt) : now.getTime();
  return { start: new Date(first), end: new Date(Math.max(end, first)) };
}

/**
 * Build the view from the incident's linked alerts and the merged timeline of its window. Pure.
 * TTD: first signal -> first alert fired (or the incident opened, if no alert came first).
 * TTM: first signal -> first mitigating action. TTR: first signal -> resolved.
 */
export function buildIncidentView(
  incident: IncidentRecord,
  alerts: readonly AlertEpisode[],
  timeline: readonly TimelineEntry[],
  followups: readonly Followup[],
  now: Date,
): IncidentView {
  const { start, end } = incidentWindow(incident, alerts, now);
  const firstSignal = start.getTime();
  const opened = Date.parse(incident.createdAt);
  const firstFired = alerts.length ? Math.min(...alerts.map((a) => Date.parse(a.firedAt))) : Infinity;
  const detected = Math.min(firstFired, opened);
  const mitigation = timeline.find((e) => e.mitigation && Date.parse(e.at) >= firstSignal);
  const secs = (t: number) => Math.max(0, Math.round((t - firstSignal) / 1000));
  return {
    incident,
    firstSignalAt: start.toISOString(),
    detectedAt: new Date(detected).toISOString(),
    detectedBy: firstFired <= opened ? "alert" : "incident",
    mitigatedAt: mitigation?.at ?? null,
    resolvedAt: incident.resolvedAt,
    ttdSeconds: secs(detected),
    ttmSeconds: mitigation ? secs(Date.parse(mitigation.at)) : null,
    ttrSeconds: incident.resolvedAt ? secs(Date.parse(incident.resolvedAt)) : null,
    windowStart: start.toISOString(),
    windowEnd: end.toISOString(),
    alerts: [...alerts],
    timeline: [...timeline],
    followups: [...followups],
  };
}
