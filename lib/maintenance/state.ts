import type { Selectable, Transaction } from "kysely";
import { ApiError } from "@/lib/errors";
import { statusChanged } from "@/lib/status/changed";
import { store, type Store, type StoreSchema } from "@/lib/store";
import type { MaintenanceStateTable, MaintenanceWindowsTable } from "@/lib/store/schema";
import { MAINTENANCE_OFF, type MaintenanceState, type MaintenanceWindow } from "./types";
import { MAX_MAINTENANCE_MS, type CreateWindowBody, type PutMaintenanceBody } from "./schema";

/**
 * The persisted maintenance state: one row for the operator's switch, one row per scheduled window.
 * The effective state is computed from both at the time asked about, so the API and the status page
 * see a window start or end at once, whether or not the scheduler has run yet. Every read goes to
 * the store: a console sharing it sees another's change on its next request.
 */

type SwitchRow = Omit<Selectable<MaintenanceStateTable>, "id">;
type WindowRow = Selectable<MaintenanceWindowsTable>;

const iso = (now: Date) => now.toISOString();
const OFF_ROW: SwitchRow = { enabled: 0, message: null, since: null, until: null, changed_at: null, changed_by: null, applied: null };

async function readSwitch(db: Store | Transaction<StoreSchema>): Promise<SwitchRow> {
  const row = await db
    .selectFrom("maintenance_state")
    .select(["enabled", "message", "since", "until", "changed_at", "changed_by", "applied"])
    .where("id", "=", 1)
    .executeTakeFirst();
  // The migration inserts the row; a hand-edited store without it reads as "off".
  return row ?? OFF_ROW;
}

/**
 * Take the switch row's write lock for the rest of the transaction: on PostgreSQL a row lock that
 * queues the other consoles' switch and window changes, on SQLite the write lock taken up front.
 */
async function lockSwitch(trx: Transaction<StoreSchema>): Promise<void> {
  await trx
    .updateTable("maintenance_state")
    .set((eb) => ({ id: eb.ref("id") }))
    .where("id", "=", 1)
    .execute();
}

function toWindow(row: WindowRow, now: Date): MaintenanceWindow {
  const t = iso(now);
  const status = row.cancelled_at ? "cancelled" : t < row.starts_at ? "upcoming" : t < row.ends_at ? "active" : "ended";
  return {
    id: row.id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    message: row.message,
    createdAt: row.created_at,
    createdBy: row.created_by,
    cancelledAt: row.cancelled_at,
    cancelledBy: row.cancelled_by,
    status,
  };
}

function activeWindowRow(db: Store | Transaction<StoreSchema>, now: Date): Promise<WindowRow | undefined> {
  const t = iso(now);
  return db
    .selectFrom("maintenance_windows")
    .selectAll()
    .where("cancelled_at", "is", null)
    .where("starts_at", "<=", t)
    .where("ends_at", ">", t)
    .orderBy("starts_at")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
}

async function effectiveState(db: Store | Transaction<StoreSchema>, now: Date): Promise<MaintenanceState> {
  const manual = await readSwitch(db);
  if (manual.enabled) {
    return { enabled: true, message: manual.message, since: manual.since, until: manual.until, source: "manual", windowId: null };
  }
  const window = await activeWindowRow(db, now);
  if (window) {
    return { enabled: true, message: window.message, since: window.starts_at, until: window.ends_at, source: "schedule", windowId: window.id };
  }
  return { ...MAINTENANCE_OFF };
}

/**
 * The effective maintenance state at `now`: the operator's switch when it is on, else a scheduled
 * window in force, else off. Cheap (two indexed reads), so pages and the public API call it per request.
 */
export async function getMaintenance(now: Date = new Date(), db?: Store): Promise<MaintenanceState> {
  return effectiveState(db ?? (await store()), now);
}

/** Who last flipped the switch, and when (for the console). */
export async function lastSwitchChange(db?: Store): Promise<{ at: string | null; by: string | null }> {
  const row = await readSwitch(db ?? (await store()));
  return { at: row.changed_at, by: row.changed_by };
}

/**
 * Flip the operator's switch. On: message and expected end are announced (turning on while already
 * on keeps the original `since`). Off: also ends a scheduled window in force, so "off" means off now.
 * The caller has validated the body's shape; this checks what depends on the time.
 */
export async function setMaintenanceSwitch(body: PutMaintenanceBody, actor: string, now: Date = new Date(), db?: Store): Promise<MaintenanceState> {
  const d = db ?? (await store());
  const t = iso(now);
  if (body.enabled && body.until) {
    if (body.until <= t) throw new ApiError("bad_request", "body.until: must be in the future");
    if (Date.parse(body.until) - now.getTime() > MAX_MAINTENANCE_MS) throw new ApiError("bad_request", "body.until: at most 7 days ahead");
  }
  await d.transaction().execute(async (trx) => {
    await lockSwitch(trx);
    if (body.enabled) {
      const before = await effectiveState(trx, now);
      await trx
        .updateTable("maintenance_state")
        .set({ enabled: 1, message: body.message || null, since: before.enabled && before.since ? before.since : t, until: body.until ?? null, changed_at: t, changed_by: actor })
        .where("id", "=", 1)
        .execute();
    } else {
      await trx
        .updateTable("maintenance_state")
        .set({ enabled: 0, message: null, since: null, until: null, changed_at: t, changed_by: actor })
        .where("id", "=", 1)
        .execute();
      await trx
        .updateTable("maintenance_windows")
        .set({ cancelled_at: t, cancelled_by: actor })
        .where("cancelled_at", "is", null)
        .where("starts_at", "<=", t)
        .where("ends_at", ">", t)
        .execute();
    }
  });
  statusChanged();
  return effectiveState(d, now);
}

/** Windows not yet over (active first, then upcoming), plus the last `recent` finished or cancelled. */
export async function listWindows(now: Date = new Date(), opts: { recent?: number } = {}, db?: Store): Promise<MaintenanceWindow[]> {
  const d = db ?? (await store());
  const t = iso(now);
  const open = await d.selectFrom("maintenance_windows").selectAll().where("cancelled_at", "is", null).where("ends_at", ">", t).orderBy("starts_at").orderBy("id").execute();
  const past = await d
    .selectFrom("maintenance_windows")
    .selectAll()
    .where((eb) => eb.or([eb("cancelled_at", "is not", null), eb("ends_at", "<=", t)]))
    .orderBy((eb) => eb.fn.coalesce("cancelled_at", "ends_at"), "desc")
    .orderBy("id", "desc")
    .limit(Math.max(0, opts.recent ?? 10))
    .execute();
  return [...open, ...past].map((r) => toWindow(r, now));
}

async function windowRow(db: Store | Transaction<StoreSchema>, id: number): Promise<WindowRow | undefined> {
  return db.selectFrom("maintenance_windows").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function getWindow(id: number, now: Date = new Date(), db?: Store): Promise<MaintenanceWindow | null> {
  const row = await windowRow(db ?? (await store()), id);
  return row ? toWindow(row, now) : null;
}

/**
 * Schedule a window (the public page shows it at once). Refuses one that is already over (400) or
 * overlaps another (409). The overlap check and the insert hold the switch row's lock, so two
 * consoles cannot both find the slot free.
 */
export async function createWindow(body: CreateWindowBody, actor: string, now: Date = new Date(), db?: Store): Promise<MaintenanceWindow> {
  const d = db ?? (await store());
  const t = iso(now);
  if (body.endsAt <= t) throw new ApiError("bad_request", "body.endsAt: must be in the future");
  const row = await d.transaction().execute(async (trx) => {
    await lockSwitch(trx);
    const clash = await trx
      .selectFrom("maintenance_windows")
      .select(["id", "starts_at", "ends_at"])
      .where("cancelled_at", "is", null)
      .where("starts_at", "<", body.endsAt)
      .where("ends_at", ">", body.startsAt)
      .orderBy("starts_at")
      .limit(1)
      .executeTakeFirst();
    if (clash) {
      throw new ApiError("conflict", `Overlaps window #${clash.id} (${clash.starts_at} to ${clash.ends_at})`, { rule: "windows_overlap", windowId: clash.id });
    }
    return trx
      .insertInto("maintenance_windows")
      .values({ starts_at: body.startsAt, ends_at: body.endsAt, message: body.message || null, created_at: t, created_by: actor })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  statusChanged();
  return toWindow(row, now);
}

/**
 * Cancel a window (an active one ends now): a compare-and-set on "not cancelled and not over", so
 * of two consoles cancelling at once one wins. 404 for an unknown id, 409 when it is already over.
 */
export async function cancelWindow(id: number, actor: string, now: Date = new Date(), db?: Store): Promise<MaintenanceWindow> {
  const d = db ?? (await store());
  const t = iso(now);
  const cancelled = await d
    .updateTable("maintenance_windows")
    .set({ cancelled_at: t, cancelled_by: actor })
    .where("id", "=", id)
    .where("cancelled_at", "is", null)
    .where("ends_at", ">", t)
    .returningAll()
    .executeTakeFirst();
  if (!cancelled) {
    const current = await windowRow(d, id);
    if (!current) throw new ApiError("not_found", `No maintenance window #${id}`);
    const status = toWindow(current, now).status;
    throw new ApiError("conflict", `Window #${id} is already ${status === "cancelled" ? "cancelled" : "ended"}`, { rule: "window_over" });
  }
  statusChanged();
  return toWindow(cancelled, now);
}

/**
 * The effective state the leader's hooks last applied (JSON in the switch row, shared by every
 * console on the store), or null before the first run; `raw` is the column as stored, for claimApplied.
 */
export async function readApplied(db?: Store): Promise<{ raw: string | null; state: MaintenanceState | null }> {
  const raw = (await readSwitch(db ?? (await store()))).applied;
  if (!raw) return { raw, state: null };
  try {
    return { raw, state: JSON.parse(raw) as MaintenanceState };
  } catch {
    return { raw, state: null };
  }
}

/**
 * Record `state` as applied, if the record is still `expectedRaw` (compare-and-set): true when this
 * call moved it, false when another console did first (and so runs the hooks for this change).
 */
export async function claimApplied(expectedRaw: string | null, state: MaintenanceState, db?: Store): Promise<boolean> {
  const d = db ?? (await store());
  const result = await d
    .updateTable("maintenance_state")
    .set({ applied: JSON.stringify(state) })
    .where("id", "=", 1)
    .where("applied", expectedRaw === null ? "is" : "=", expectedRaw)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
