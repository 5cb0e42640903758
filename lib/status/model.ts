import { overallState, type DerivedComponent } from "./derive";
import type { IncidentRecord } from "@/lib/incidents/records";
import type { MaintenanceView } from "./maintenance-source";
import type { StatusSettings } from "./settings";
import {
  COMPONENT_KEYS,
  type ComponentHistory,
  type ComponentKey,
  type Incident,
  type IncidentUpdate,
  type ScheduledMaintenance,
  type StatusComponent,
  type StatusModel,
} from "./types";

/** The page's id and address in the JSON: fixed words, never the host it runs on. */
export const PAGE_ID = "status";
const PAGE_URL = "/status";

export interface ModelInput {
  settings: Pick<StatusSettings, "title" | "names">;
  components: Record<ComponentKey, DerivedComponent>;
  /** When each component last changed state (ISO); missing: `since`. */
  changedAt: Partial<Record<ComponentKey, string>>;
  /** When this process started watching: the components' created_at. */
  since: string;
  incidents: IncidentRecord[];
  maintenance: MaintenanceView;
  history: ComponentHistory[];
  now: number;
}

/** Everything public, in Statuspage's v2 shape. Only operator text and fixed words go in. */
export function buildStatusModel(input: ModelInput): StatusModel {
  const now = new Date(input.now).toISOString();
  const components: StatusComponent[] = COMPONENT_KEYS.map((key, position) => ({
    id: key,
    name: input.settings.names[key],
    status: input.components[key].status,
    created_at: input.since,
    updated_at: input.changedAt[key] ?? input.since,
    position: position + 1,
    description: input.components[key].reason,
    showcase: true,
    start_date: null,
    group_id: null,
    page_id: PAGE_ID,
    group: false,
    only_show_if_degraded: false,
  }));
  const componentRef = (key: ComponentKey) => ({ id: key, name: input.settings.names[key], status: input.components[key].status });

  const incidents = input.incidents.map((r) => toPublicIncident(r, input.settings.names, componentRef));
  const open = incidents.filter((i) => i.status !== "resolved");
  const past = incidents.filter((i) => i.status === "resolved");
  const overall = overallState(components.map((c) => c.status));

  const summary = {
    page: { id: PAGE_ID, name: input.settings.title, url: PAGE_URL, time_zone: "Etc/UTC" as const, updated_at: now },
    status: { indicator: overall.indicator, description: overall.description },
    components,
    incidents: open,
    scheduled_maintenances: scheduledMaintenances(input.maintenance, input.settings.names, componentRef, now),
  };
  return { summary, overall: overall.state, headline: overall.description, history: input.history, pastIncidents: past, generatedAt: now };
}

function toPublicIncident(
  r: IncidentRecord,
  names: Record<ComponentKey, string>,
  componentRef: (key: ComponentKey) => Incident["components"][number],
): Incident {
  const id = String(r.id);
  const updates: IncidentUpdate[] = r.updates.map((u) => ({
    id: `${id}-${u.id}`,
    status: u.status,
    body: u.body,
    incident_id: id,
    created_at: u.createdAt,
    updated_at: u.createdAt,
    display_at: u.createdAt,
    affected_components: u.components.map((code) => ({ code, name: names[code] })),
  }));
  return {
    id,
    name: r.name,
    status: r.status,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    monitoring_at: r.monitoringAt,
    resolved_at: r.resolvedAt,
    impact: r.impact,
    shortlink: `${PAGE_URL}#incident-${id}`,
    started_at: r.createdAt,
    page_id: PAGE_ID,
    incident_updates: updates,
    components: (r.updates[0]?.components ?? []).map(componentRef),
  };
}

/** Upcoming and running windows, plus the operator's switch when it is on outside a window. */
function scheduledMaintenances(
  m: MaintenanceView,
  names: Record<ComponentKey, string>,
  componentRef: (key: ComponentKey) => Incident["components"][number],
  now: string,
): ScheduledMaintenance[] {
  const all = COMPONENT_KEYS.map(componentRef);
  const affected = COMPONENT_KEYS.map((code) => ({ code, name: names[code] }));
  const entry = (id: string, status: ScheduledMaintenance["status"], from: string, until: string | null, message: string | null, created: string): ScheduledMaintenance => ({
    id,
    name: status === "scheduled" ? "Scheduled maintenance" : "Maintenance in progress",
    status,
    created_at: created,
    updated_at: created,
    monitoring_at: null,
    resolved_at: null,
    impact: "maintenance",
    shortlink: `${PAGE_URL}#maintenance-${id}`,
    started_at: from,
    page_id: PAGE_ID,
    scheduled_for: from,
    scheduled_until: until,
    incident_updates: [
      {
        id: `${id}-1`,
        status,
        body: message ?? (status === "scheduled" ? "We will be performing scheduled maintenance." : id === "maintenance-now" ? "Maintenance is in progress." : "Scheduled maintenance is in progress."),
        incident_id: id,
        created_at: created,
        updated_at: created,
        display_at: created,
        affected_components: affected,
      },
    ],
    components: all,
  });

  const out: ScheduledMaintenance[] = [];
  const activeWindow = m.windows.find((w) => w.status === "active");
  if (m.enabled && !activeWindow) out.push(entry("maintenance-now", "in_progress", m.since ?? now, m.until, m.message, m.since ?? now));
  for (const w of m.windows) {
    if (w.status === "active") out.push(entry(`window-${w.id}`, "in_progress", w.startsAt, w.endsAt, w.message, w.startsAt));
    else if (w.status === "upcoming") out.push(entry(`window-${w.id}`, "scheduled", w.startsAt, w.endsAt, w.message, w.startsAt));
  }
  return out;
}
