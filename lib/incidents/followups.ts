import { getStore, type StoreDb } from "@/lib/store";

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

interface FollowupRow {
  id: number;
  incident_id: number;
  text: string;
  owner: string | null;
  done: number;
  created_at: string;
  created_by: string;
  done_at: string | null;
}

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

export function listFollowups(incidentId: number, db: StoreDb = getStore()): Followup[] {
  return (db.prepare(`SELECT * FROM incident_followups WHERE incident_id = ? ORDER BY id`).all(incidentId) as FollowupRow[]).map(toFollowup);
}

export function addFollowup(incidentId: number, input: { text: string; owner?: string | null }, by: string, now = new Date(), db: StoreDb = getStore()): Followup {
  const row = db
    .prepare(`INSERT INTO incident_followups (incident_id, text, owner, created_at, created_by) VALUES (?, ?, ?, ?, ?) RETURNING *`)
    .get(incidentId, input.text, input.owner ?? null, now.toISOString(), by) as FollowupRow;
  return toFollowup(row);
}

/** Mark one done or open again; null when it does not belong to that incident. */
export function setFollowupDone(incidentId: number, id: number, done: boolean, now = new Date(), db: StoreDb = getStore()): Followup | null {
  const row = db
    .prepare(`UPDATE incident_followups SET done = ?, done_at = ? WHERE id = ? AND incident_id = ? RETURNING *`)
    .get(done ? 1 : 0, done ? now.toISOString() : null, id, incidentId) as FollowupRow | undefined;
  return row ? toFollowup(row) : null;
}
