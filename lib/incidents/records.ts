import { statusChanged } from "@/lib/status/changed";
import { COMPONENT_KEYS, type ComponentKey, type IncidentImpact, type IncidentStatus } from "@/lib/status/types";
import { getStore, type StoreDb } from "@/lib/store";

/** An incident as the store holds it; `toPublicIncident` turns it into the Statuspage shape. */
export interface IncidentRecord {
  id: number;
  name: string;
  status: IncidentStatus;
  impact: IncidentImpact;
  createdAt: string;
  updatedAt: string;
  monitoringAt: string | null;
  resolvedAt: string | null;
  createdBy: string;
  updates: IncidentUpdateRecord[];
}

export interface IncidentUpdateRecord {
  id: number;
  incidentId: number;
  status: IncidentStatus;
  body: string;
  components: ComponentKey[];
  createdAt: string;
  createdBy: string;
}

interface IncidentRow {
  id: number;
  name: string;
  status: IncidentStatus;
  impact: IncidentImpact;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  created_by: string;
}

interface UpdateRow {
  id: number;
  incident_id: number;
  status: IncidentStatus;
  body: string;
  components: string;
  created_at: string;
  created_by: string;
}

function parseComponents(json: string): ComponentKey[] {
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) ? list.filter((c): c is ComponentKey => (COMPONENT_KEYS as readonly unknown[]).includes(c)) : [];
  } catch {
    return [];
  }
}

function toUpdate(row: UpdateRow): IncidentUpdateRecord {
  return {
    id: row.id,
    incidentId: row.incident_id,
    status: row.status,
    body: row.body,
    components: parseComponents(row.components),
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

function withUpdates(db: StoreDb, rows: IncidentRow[]): IncidentRecord[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const updates = db
    .prepare(`SELECT * FROM status_incident_updates WHERE incident_id IN (${ids.map(() => "?").join(",")}) ORDER BY created_at DESC, id DESC`)
    .all(...ids) as UpdateRow[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    impact: r.impact,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    monitoringAt: r.monitoring_at,
    resolvedAt: r.resolved_at,
    createdBy: r.created_by,
    updates: updates.filter((u) => u.incident_id === r.id).map(toUpdate),
  }));
}

/** Incidents, newest first: every unresolved one plus the latest `limit` resolved ones. */
export function listIncidents(opts: { limit?: number } = {}, db: StoreDb = getStore()): IncidentRecord[] {
  const rows = db
    .prepare(
      `SELECT * FROM status_incidents WHERE resolved_at IS NULL
       UNION ALL
       SELECT * FROM (SELECT * FROM status_incidents WHERE resolved_at IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT ?)
       ORDER BY created_at DESC, id DESC`,
    )
    .all(opts.limit ?? 50) as IncidentRow[];
  return withUpdates(db, rows);
}

export function getIncident(id: number, db: StoreDb = getStore()): IncidentRecord | null {
  const row = db.prepare(`SELECT * FROM status_incidents WHERE id = ?`).get(id) as IncidentRow | undefined;
  return row ? withUpdates(db, [row])[0] : null;
}

export interface OpenIncidentInput {
  name: string;
  impact: IncidentImpact;
  status: IncidentStatus;
  body: string;
  components: ComponentKey[];
  by: string;
  at?: Date;
}

/** Open an incident with its first update, in one transaction; the public page shows it at once. */
export function openIncident(input: OpenIncidentInput, db: StoreDb = getStore()): IncidentRecord {
  const at = (input.at ?? new Date()).toISOString();
  const id = db.transaction(() => {
    const result = db
      .prepare(
        `INSERT INTO status_incidents (name, status, impact, created_at, updated_at, monitoring_at, resolved_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(input.name, input.status, input.impact, at, at, input.status === "monitoring" ? at : null, input.status === "resolved" ? at : null, input.by);
    const incidentId = Number(result.lastInsertRowid);
    insertUpdate(db, incidentId, input.status, input.body, input.components, at, input.by);
    return incidentId;
  })();
  statusChanged();
  return getIncident(id, db)!;
}

export interface PostUpdateInput {
  status: IncidentStatus;
  body: string;
  /** null: keep the components of the previous update */
  components: ComponentKey[] | null;
  impact?: IncidentImpact;
  by: string;
  at?: Date;
}

/** Post an update; its status becomes the incident's (and the public page's at once). Null for an unknown incident. */
export function postIncidentUpdate(incidentId: number, input: PostUpdateInput, db: StoreDb = getStore()): IncidentRecord | null {
  const at = (input.at ?? new Date()).toISOString();
  const done = db.transaction(() => {
    const current = getIncident(incidentId, db);
    if (!current) return false;
    const components = input.components ?? current.updates[0]?.components ?? [];
    insertUpdate(db, incidentId, input.status, input.body, components, at, input.by);
    db.prepare(
      `UPDATE status_incidents SET status = ?, impact = ?, updated_at = ?,
         monitoring_at = CASE WHEN ? = 'monitoring' AND monitoring_at IS NULL THEN ? ELSE monitoring_at END,
         resolved_at = CASE WHEN ? = 'resolved' THEN COALESCE(resolved_at, ?) ELSE NULL END
       WHERE id = ?`,
    ).run(input.status, input.impact ?? current.impact, at, input.status, at, input.status, at, incidentId);
    return true;
  })();
  if (!done) return null;
  statusChanged();
  return getIncident(incidentId, db);
}

function insertUpdate(db: StoreDb, incidentId: number, status: IncidentStatus, body: string, components: ComponentKey[], at: string, by: string) {
  db.prepare(
    `INSERT INTO status_incident_updates (incident_id, status, body, components, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(incidentId, status, body, JSON.stringify([...new Set(components)]), at, by);
}
