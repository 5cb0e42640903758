import type { Generated, Kysely } from "kysely";

/**
 * The store's tables as the query builder sees them (lib/store/migrations.ts creates them). Both
 * engines hold the same types: times are ISO 8601 UTC text, flags are integers 0/1, JSON is text.
 */

export interface AuditTable {
  id: Generated<number>;
  at: string;
  actor: string;
  role: string | null;
  via: string | null;
  action: string;
  server_id: string | null;
  params: string | null;
  result: "ok" | "refused" | "error" | "denied";
  error: string | null;
  duration_ms: Generated<number>;
  ip: string | null;
}

export interface MaintenanceStateTable {
  id: number;
  enabled: Generated<number>;
  message: string | null;
  since: string | null;
  until: string | null;
  changed_at: string | null;
  changed_by: string | null;
  applied: string | null;
}

export interface MaintenanceWindowsTable {
  id: Generated<number>;
  starts_at: string;
  ends_at: string;
  message: string | null;
  created_at: string;
  created_by: string;
  cancelled_at: string | null;
  cancelled_by: string | null;
}

export interface StatusIncidentsTable {
  id: Generated<number>;
  name: string;
  status: "investigating" | "identified" | "monitoring" | "resolved";
  impact: "none" | "minor" | "major" | "critical";
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  created_by: string;
}

export interface StatusIncidentUpdatesTable {
  id: Generated<number>;
  incident_id: number;
  status: string;
  body: string;
  components: Generated<string>;
  created_at: string;
  created_by: string;
}

export interface StatusOverridesTable {
  component: string;
  status: string;
  note: string | null;
  set_by: string;
  set_at: string;
  until: string | null;
}

export interface StatusDailyTable {
  day: string;
  component: string;
  operational_seconds: Generated<number>;
  degraded_seconds: Generated<number>;
  partial_seconds: Generated<number>;
  major_seconds: Generated<number>;
  maintenance_seconds: Generated<number>;
}

export interface PublishedWritersTable {
  server_id: string;
  host: string;
  port: number;
  published_at: string;
  published_by: string;
  run_id: number | null;
  seq: number;
}

export interface FailoverRunsTable {
  id: Generated<number>;
  started_at: string;
  finished_at: string | null;
  actor: string;
  mode: string;
  from_server: string | null;
  to_server: string;
  status: "running" | "ok" | "failed" | "rolled_back" | "interrupted";
  message: string | null;
  steps: Generated<string>;
  plan: string | null;
  owner: string | null;
  lease_expires_at: string | null;
}

export interface AlertEpisodesTable {
  id: Generated<number>;
  rule: string;
  server_id: string | null;
  severity: "critical" | "warning";
  message: string;
  pending_since: string;
  fired_at: string;
  resolved_at: string | null;
  last_message: string | null;
}

export interface AlertDeliveriesTable {
  id: Generated<number>;
  episode_id: number | null;
  event: "firing" | "resolved" | "test";
  url: string;
  target: string;
  format: "slack" | "json";
  payload: string;
  status: "pending" | "delivered" | "failed";
  attempts: Generated<number>;
  last_status: number | null;
  last_error: string | null;
  attempt_log: Generated<string>;
  created_at: string;
  next_attempt_at: string | null;
  delivered_at: string | null;
}

export interface RunbooksTable {
  slug: string;
  title: string;
  body: string;
  updated_at: string;
  updated_by: string;
}

export interface IncidentFollowupsTable {
  id: Generated<number>;
  incident_id: number;
  text: string;
  owner: string | null;
  done: Generated<number>;
  created_at: string;
  created_by: string;
  done_at: string | null;
}

export interface RetentionBoundsTable {
  kind: string;
  max_rows: number | null;
  rows: Generated<number>;
}

/** One console's claim on an action that must not run twice at once (lib/actions/claims.ts). */
export interface ActionClaimsTable {
  claim_key: string;
  owner: string;
  claimed_at: string;
  expires_at: string;
}

export interface StoreSchema {
  audit: AuditTable;
  maintenance_state: MaintenanceStateTable;
  maintenance_windows: MaintenanceWindowsTable;
  status_incidents: StatusIncidentsTable;
  status_incident_updates: StatusIncidentUpdatesTable;
  status_overrides: StatusOverridesTable;
  status_daily: StatusDailyTable;
  published_writers: PublishedWritersTable;
  failover_runs: FailoverRunsTable;
  alert_episodes: AlertEpisodesTable;
  alert_deliveries: AlertDeliveriesTable;
  runbooks: RunbooksTable;
  incident_followups: IncidentFollowupsTable;
  retention_bounds: RetentionBoundsTable;
  action_claims: ActionClaimsTable;
}

/** The console's store: one query builder over SQLite or PostgreSQL. */
export type Store = Kysely<StoreSchema>;
