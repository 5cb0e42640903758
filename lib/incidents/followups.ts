import type { Selectable } from "kysely";
import { store, type Store } from "@/lib/store";
import type { IncidentFollowupsTable } from "@/lib/store/schema";

/** Something to do after an incident, for the postmortem. */
export interface Followup {
  id: number;
  incidentId: number;
  text: string;
  owner: string | null;
  done: boolean;
  createdAt: string;
  createdBy: string;
  doneAt: string | null;
}

type FollowupRow = Selectable<IncidentFollowupsTable>;

const toFollowup = (r: FollowupRow): Followup => ({
  id: r.id,
  incidentId: r.incident_id,
  text: r.text,
  owner: r.owner,
  done: r.done === 1,
  createdAt: r.created_at,
  createdBy: r.created_by,
  doneAt: r.done_at,
});

export async function listFollowups(incidentId: number, db?: Store): Promise<Followup[]> {
  const d = db ?? (await store());
  const rows = await d.selectFrom("incident_followups").selectAll().where("incident_id", "=", incidentId).orderBy("id").execute();
  return rows.map(toFollowup);
}

export async function addFollowup(incidentId: number, input: { text: string; owner?: string | null }, by: string, now = new Date(), db?: Store): Promise<Followup> {
  const d = db ?? (await store());
  const row = await d
    .insertInto("incident_followups")
    .values({ incident_id: incidentId, text: input.text, owner: input.owner ?? null, created_at: now.toISOString(), created_by: by })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toFollowup(row);
}

/** Mark one done or open again; null when it does not belong to that incident. */
export async function setFollowupDone(incidentId: number, id: number, done: boolean, now = new Date(), db?: Store): Promise<Followup | null> {
  const d = db ?? (await store());
  const row = await d
    .updateTable("incident_followups")
    .set({ done: done ? 1 : 0, done_at: done ? now.toISOString() : null })
    .where("id", "=", id)
    .where("incident_id", "=", incidentId)
    .returningAll()
    .executeTakeFirst();
  return row ? toFollowup(row) : null;
}
