import { getStore, type StoreDb } from "@/lib/store";
import { statusChanged } from "./changed";
import type { Override } from "./derive";
import type { ComponentKey, ComponentStatus } from "./types";

interface OverrideRow {
  component: ComponentKey;
  status: ComponentStatus;
  note: string | null;
  set_by: string;
  set_at: string;
  until: string | null;
}

/** Every override still in force (expired ones are left in the table and ignored). */
export function listOverrides(now = Date.now(), db: StoreDb = getStore()): Override[] {
  const rows = db.prepare(`SELECT * FROM status_overrides ORDER BY component`).all() as OverrideRow[];
  return rows
    .filter((r) => r.until == null || Date.parse(r.until) > now)
    .map((r) => ({ component: r.component, status: r.status, note: r.note, setBy: r.set_by, setAt: r.set_at, until: r.until }));
}

/** An operator pins a component's public state, until cleared or until `until`; the page shows it at once. */
export function setOverride(
  input: { component: ComponentKey; status: ComponentStatus; note: string | null; until: string | null; by: string },
  db: StoreDb = getStore(),
): Override {
  const setAt = new Date().toISOString();
  db.prepare(
    `INSERT INTO status_overrides (component, status, note, set_by, set_at, until) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (component) DO UPDATE SET status = excluded.status, note = excluded.note, set_by = excluded.set_by,
       set_at = excluded.set_at, until = excluded.until`,
  ).run(input.component, input.status, input.note, input.by, setAt, input.until);
  statusChanged();
  return { component: input.component, status: input.status, note: input.note, setBy: input.by, setAt, until: input.until };
}

/** Back to the live state. Returns whether there was an override. */
export function clearOverride(component: ComponentKey, db: StoreDb = getStore()): boolean {
  const cleared = db.prepare(`DELETE FROM status_overrides WHERE component = ?`).run(component).changes > 0;
  statusChanged();
  return cleared;
}
