/**
 * The public status page's vocabulary, in Atlassian Statuspage's v2 shape where it has one, so
 * that tools which read Statuspage (chat bots, aggregators) read ours too.
 */

export const COMPONENT_STATUSES = [
  "operational",
  "degraded_performance",
  "partial_outage",
  "major_outage",
  "under_maintenance",
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

export const INDICATORS = ["none", "minor", "major", "critical"] as const;
export type Indicator = (typeof INDICATORS)[number];

/** The page's overall state in plain words: what the boss reads first. */
export type OverallState =
  | "operational"
  | "degraded_performance"
  | "partial_outage"
  | "major_outage"
  | "under_maintenance";

export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const INCIDENT_IMPACTS = ["none", "minor", "major", "critical"] as const;
export type IncidentImpact = (typeof INCIDENT_IMPACTS)[number];

/** The four public components; their display names come from the config. Never server ids. */
export const COMPONENT_KEYS = ["website", "database-writes", "database-reads", "background-jobs"] as const;
export type ComponentKey = (typeof COMPONENT_KEYS)[number];

/** Statuspage v2 component. */
export interface StatusComponent {
  id: ComponentKey;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: null;
  page_id: string;
  group: false;
  only_show_if_degraded: false;
}

export interface StatusPage {
  id: string;
  name: string;
  url: string;
  time_zone: "Etc/UTC";
  updated_at: string;
}

export interface AffectedComponent {
  code: ComponentKey;
  name: string;
}

export interface IncidentUpdate {
  id: string;
  status: IncidentStatus | MaintenanceStatus;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: AffectedComponent[];
}

export interface Incident {
  id: string;
  name: string;
  status: IncidentStatus;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: IncidentImpact;
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: IncidentUpdate[];
  components: Pick<StatusComponent, "id" | "name" | "status">[];
}

export type MaintenanceStatus = "scheduled" | "in_progress" | "verifying" | "completed";

export interface ScheduledMaintenance {
  id: string;
  name: string;
  status: MaintenanceStatus;
  created_at: string;
  updated_at: string;
  monitoring_at: null;
  resolved_at: string | null;
  impact: "maintenance";
  shortlink: string;
  started_at: string;
  page_id: string;
  scheduled_for: string;
  scheduled_until: string | null;
  incident_updates: IncidentUpdate[];
  components: Pick<StatusComponent, "id" | "name" | "status">[];
}

/** GET /api/status/status.json */
export interface StatusJson {
  page: StatusPage;
  status: { indicator: Indicator; description: string };
}

/** GET /api/status/summary.json */
export interface SummaryJson extends StatusJson {
  components: StatusComponent[];
  incidents: Incident[];
  scheduled_maintenances: ScheduledMaintenance[];
}

/** One day of one component's history (the 90 bars). */
export interface HistoryDay {
  /** YYYY-MM-DD, UTC */
  day: string;
  /** null: nothing recorded that day */
  uptimePercent: number | null;
  /** Worst state seen that day; null when nothing was recorded. */
  worst: ComponentStatus | null;
  maintenanceSeconds: number;
}

export interface ComponentHistory {
  id: ComponentKey;
  days: HistoryDay[];
  /** Over the days with data; null when none. */
  uptimePercent: number | null;
  /** How many of `days` have data: what `uptimePercent` stands on. */
  daysWithData: number;
}

/** What the page renders and every endpoint serves, rebuilt by the cache every few seconds. */
export interface StatusModel {
  summary: SummaryJson;
  overall: OverallState;
  /** Plain words for `overall` ("All systems operational"). */
  headline: string;
  history: ComponentHistory[];
  /** Past incidents (resolved), newest first, for the timeline. */
  pastIncidents: Incident[];
  generatedAt: string;
}
