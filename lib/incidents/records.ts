import { statusChanged } from "@/lib/status/changed";
import { COMPONENT_KEYS, type ComponentKey, type IncidentImpact, type IncidentStatus } from "@/lib/status/types";
import type { Selectable } from "kysely";
import { store, type Store } from "@/lib/store";
import type { StatusIncidentsTable, StatusIncidentUpdatesTable } from "@/lib/store/schema";

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

type IncidentRow = Selectable<StatusIncidentsTable>;
type UpdateRow = Selectable<StatusIncidentUpdatesTable>;

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
    status: row.status as IncidentStatus, // written from IncidentStatus only (insertUpdate)
    body: row.body,
    components: parseComponents(row.components),
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

async function withUpdates(db: Store, rows: IncidentRow[]): Promise<IncidentRecord[]> {
  if (rows.length === 0) return [];
  const updates = await db
    .selectFrom("status_incident_updates")
    .selectAll()
    .where("incident_id", "in", rows.map((r) => r.id))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
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
export async function listIncidents(opts: { limit?: number } = {}, db?: Store): Promise<IncidentRecord[]> {
  const d = db ?? (await store());
  const [open, resolved] = await Promise.all([
    d.selectFrom("status_incidents").selectAll().where("resolved_at", "is", null).execute(),
    d
      .selectFrom("status_incidents")
      .selectAll()
      .where("resolved_at", "is not", null)
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(opts.limit ?? 50)
      .execute(),
  ]);
  const rows = [...open, ...resolved].sort((a, b) => (a.created_at === b.created_at ? b.id - a.id : a.created_at < b.created_at ? 1 : -1));
  return withUpdates(d, rows);
}

export async function getIncident(id: number, db?: Store): Promise<IncidentRecord | null> {
  const d = db ?? (await store());
  const row = await d.selectFrom("status_incidents").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? (await withUpdates(d, [row]))[0] : null;
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
export async function openIncident(input: OpenIncidentInput, db?: Store): Promise<IncidentRecord> {
  const d = db ?? (await store());
  const at = (input.at ?? new Date()).toISOString();
  const id = await d.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("status_incidents")
      .values({
        name: input.name,
        status: input.status,
        impact: input.impact,
        created_at: at,
        updated_at: at,
        monitoring_at: input.status === "monitoring" ? at : null,
        resolved_at: input.status === "resolved" ? at : null,
        created_by: input.by,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await insertUpdate(trx, id, input.status, input.body, input.components, at, input.by);
    return id;
  });
  await statusChanged();
  return (await getIncident(id, d))!;
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
export async function postIncidentUpdate(incidentId: number, input: PostUpdateInput, db?: Store): Promise<IncidentRecord | null> {
  const d = db ?? (await store());
  const at = (input.at ?? new Date()).toISOString();
  const done = await d.transaction().execute(async (trx) => {
    const current = await getIncident(incidentId, trx);
    if (!current) return false;
    const components = input.components ?? current.updates[0]?.components ?? [];
    await insertUpdate(trx, incidentId, input.status, input.body, components, at, input.by);
    await trx
      .updateTable("status_incidents")
      .set((eb) => ({
        status: input.status,
        impact: input.impact ?? current.impact,
        updated_at: at,
        monitoring_at: input.status === "monitoring" ? eb.fn.coalesce("monitoring_at", eb.val(at)) : eb.ref("monitoring_at"),
        resolved_at: input.status === "resolved" ? eb.fn.coalesce("resolved_at", eb.val(at)) : null,
      }))
      .where("id", "=", incidentId)
      .execute();
    return true;
  });
  if (!done) return null;
  await statusChanged();
  return getIncident(incidentId, d);
}

async function insertUpdate(db: Store, incidentId: number, status: IncidentStatus, body: string, components: ComponentKey[], at: string, by: string): Promise<void> {
  await db
    .insertInto("status_incident_updates")
    .values({ incident_id: incidentId, status, body, components: JSON.stringify([...new Set(components)]), created_at: at, created_by: by })
    .execute();
}
