import { store, type Store } from "@/lib/store";
import { statusChanged } from "./changed";
import type { Override } from "./derive";
import type { ComponentKey, ComponentStatus } from "./types";

/** Every override still in force (expired ones are left in the table and ignored). */
export async function listOverrides(now = Date.now(), db?: Store): Promise<Override[]> {
  const rows = await (db ?? (await store())).selectFrom("status_overrides").selectAll().orderBy("component").execute();
  return rows
    .filter((r) => r.until == null || Date.parse(r.until) > now)
    .map((r) => ({ component: r.component as ComponentKey, status: r.status as ComponentStatus, note: r.note, setBy: r.set_by, setAt: r.set_at, until: r.until }));
}

/** An operator pins a component's public state, until cleared or until `until`; the page shows it at once. */
export async function setOverride(
  input: { component: ComponentKey; status: ComponentStatus; note: string | null; until: string | null; by: string },
  db?: Store,
): Promise<Override> {
  const setAt = new Date().toISOString();
  const row = { component: input.component, status: input.status, note: input.note, set_by: input.by, set_at: setAt, until: input.until };
  await (db ?? (await store()))
    .insertInto("status_overrides")
    .values(row)
    .onConflict((oc) => oc.column("component").doUpdateSet({ status: row.status, note: row.note, set_by: row.set_by, set_at: row.set_at, until: row.until }))
    .execute();
  statusChanged();
  return { component: input.component, status: input.status, note: input.note, setBy: input.by, setAt, until: input.until };
}

/** Back to the live state. Returns whether there was an override. */
export async function clearOverride(component: ComponentKey, db?: Store): Promise<boolean> {
  const result = await (db ?? (await store())).deleteFrom("status_overrides").where("component", "=", component).executeTakeFirst();
  statusChanged();
  return Number(result.numDeletedRows) > 0;
}
