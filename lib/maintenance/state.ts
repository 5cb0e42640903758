import { ApiError } from "@/lib/errors";
import { statusChanged } from "@/lib/status/changed";
import { getStore, type StoreDb } from "@/lib/store";
import { MAINTENANCE_OFF, type MaintenanceState, type MaintenanceWindow } from "./types";
import { MAX_MAINTENANCE_MS, type CreateWindowBody, type PutMaintenanceBody } from "./schema";

/**
 * The persisted maintenance state: one row for the operator's switch, one row per scheduled window.
 * The effective state is computed from both at the time asked about, so the API and the status page
 * see a window start or end at once, whether or not the scheduler has run yet.
 */

interface SwitchRow {
  enabled: number;
  message: string | null;
  since: string | null;
  until: string | null;
  changed_at: string | null;
  changed_by: string | null;
  applied: string | null;
}

interface WindowRow {
  id: number;
  starts_at: string;
  ends_at: string;
  message: string | null;
  created_at: string;
  created_by: string;
  cancelled_at: string | null;
  cancelled_by: string | null;
}

const iso = (now: Date) => now.toISOString();

function readSwitch(db: StoreDb): SwitchRow {
  const row = db.prepare(`SELECT * FROM maintenance_state WHERE id = 1`).get() as SwitchRow | undefined;
  // The migration inserts the row; a hand-edited store without it reads as "off".
  return row ?? { enabled: 0, message: null, since: null, until: null, changed_at: null, changed_by: null, applied: null };
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

function activeWindowRow(db: StoreDb, now: Date): WindowRow | undefined {
  return db
    .prepare(
      `SELECT * FROM maintenance_windows
       WHERE cancelled_at IS NULL AND starts_at <= @t AND ends_at > @t
       ORDER BY starts_at, id LIMIT 1`,
    )
    .get({ t: iso(now) }) as WindowRow | undefined;
}

/**
 * The effective maintenance state at `now`: the operator's switch when it is on, else a scheduled
 * window in force, else off. Cheap (two indexed reads), so pages and the public API call it per request.
 */
export function getMaintenance(now: Date = new Date(), db: StoreDb = getStore()): MaintenanceState {
  const manual = readSwitch(db);
  if (manual.enabled) {
    return { enabled: true, message: manual.message, since: manual.since, until: manual.until, source: "manual", windowId: null };
  }
  const window = activeWindowRow(db, now);
  if (window) {
    return { enabled: true, message: window.message, since: window.starts_at, until: window.ends_at, source: "schedule", windowId: window.id };
  }
  return { ...MAINTENANCE_OFF };
}

/** Who last flipped the switch, and when (for the console). */
export function lastSwitchChange(db: StoreDb = getStore()): { at: string | null; by: string | null } {
  const row = readSwitch(db);
  return { at: row.changed_at, by: row.changed_by };
}

/**
 * Flip the operator's switch. On: message and expected end are announced (turning on while already
 * on keeps the original `since`). Off: also ends a scheduled window in force, so "off" means off now.
 * The caller has validated the body's shape; this checks what depends on the time.
 */
export function setMaintenanceSwitch(
  body: PutMaintenanceBody,
  actor: string,
  now: Date = new Date(),
  db: StoreDb = getStore(),
): MaintenanceState {
  const t = iso(now);
  if (body.enabled && body.until) {
    if (body.until <= t) throw new ApiError("bad_request", "body.until: must be in the future");
    if (Date.parse(body.until) - now.getTime() > MAX_MAINTENANCE_MS) throw new ApiError("bad_request", "body.until: at most 7 days ahead");
  }
  db.transaction(() => {
    if (body.enabled) {
      const before = getMaintenance(now, db);
      db.prepare(
        `UPDATE maintenance_state SET enabled = 1, message = @message, since = @since, until = @until,
           changed_at = @t, changed_by = @actor WHERE id = 1`,
      ).run({ message: body.message || null, since: before.enabled && before.since ? before.since : t, until: body.until ?? null, t, actor });
    } else {
      db.prepare(
        `UPDATE maintenance_state SET enabled = 0, message = NULL, since = NULL, until = NULL,
           changed_at = @t, changed_by = @actor WHERE id = 1`,
      ).run({ t, actor });
      db.prepare(
        `UPDATE maintenance_windows SET cancelled_at = @t, cancelled_by = @actor
         WHERE cancelled_at IS NULL AND starts_at <= @t AND ends_at > @t`,
      ).run({ t, actor });
    }
  }).immediate();
  statusChanged();
  return getMaintenance(now, db);
}

/** Windows not yet over (active first, then upcoming), plus the last `recent` finished or cancelled. */
export function listWindows(now: Date = new Date(), opts: { recent?: number } = {}, db: StoreDb = getStore()): MaintenanceWindow[] {
  const t = iso(now);
  const open = db
    .prepare(`SELECT * FROM maintenance_windows WHERE cancelled_at IS NULL AND ends_at > @t ORDER BY starts_at, id`)
    .all({ t }) as WindowRow[];
  const past = db
    .prepare(
      `SELECT * FROM maintenance_windows WHERE cancelled_at IS NOT NULL OR ends_at <= @t
       ORDER BY COALESCE(cancelled_at, ends_at) DESC, id DESC LIMIT @limit`,
    )
    .all({ t, limit: Math.max(0, opts.recent ?? 10) }) as WindowRow[];
  return [...open, ...past].map((r) => toWindow(r, now));
}

export function getWindow(id: number, now: Date = new Date(), db: StoreDb = getStore()): MaintenanceWindow | null {
  const row = db.prepare(`SELECT * FROM maintenance_windows WHERE id = ?`).get(id) as WindowRow | undefined;
  return row ? toWindow(row, now) : null;
}

/** Schedule a window (the public page shows it at once). Refuses one that is already over (400) or overlaps another (409). */
export function createWindow(body: CreateWindowBody, actor: string, now: Date = new Date(), db: StoreDb = getStore()): MaintenanceWindow {
  const t = iso(now);
  if (body.endsAt <= t) throw new ApiError("bad_request", "body.endsAt: must be in the future");
  const window = db.transaction(() => {
    const clash = db
      .prepare(
        `SELECT id, starts_at, ends_at FROM maintenance_windows
         WHERE cancelled_at IS NULL AND starts_at < @ends AND ends_at > @starts ORDER BY starts_at LIMIT 1`,
      )
      .get({ starts: body.startsAt, ends: body.endsAt }) as { id: number; starts_at: string; ends_at: string } | undefined;
    if (clash) {
      throw new ApiError("conflict", `Overlaps window #${clash.id} (${clash.starts_at} to ${clash.ends_at})`, { rule: "windows_overlap", windowId: clash.id });
    }
    const row = db
      .prepare(
        `INSERT INTO maintenance_windows (starts_at, ends_at, message, created_at, created_by)
         VALUES (@starts, @ends, @message, @t, @actor) RETURNING *`,
      )
      .get({ starts: body.startsAt, ends: body.endsAt, message: body.message || null, t, actor }) as WindowRow;
    return toWindow(row, now);
  }).immediate();
  statusChanged();
  return window;
}

/** Cancel a window (an active one ends now). 404 for an unknown id, 409 when it is already over. */
export function cancelWindow(id: number, actor: string, now: Date = new Date(), db: StoreDb = getStore()): MaintenanceWindow {
  const window = db.transaction(() => {
    const current = getWindow(id, now, db);
    if (!current) throw new ApiError("not_found", `No maintenance window #${id}`);
    if (current.status === "cancelled" || current.status === "ended") {
      throw new ApiError("conflict", `Window #${id} is already ${current.status}`, { rule: "window_over" });
    }
    db.prepare(`UPDATE maintenance_windows SET cancelled_at = @t, cancelled_by = @actor WHERE id = @id`).run({ t: iso(now), actor, id });
    return getWindow(id, now, db)!;
  }).immediate();
  statusChanged();
  return window;
}

/** The effective state the drivers last applied (JSON in the switch row), or null before the first run. */
export function readApplied(db: StoreDb = getStore()): MaintenanceState | null {
  const raw = readSwitch(db).applied;
  if (!raw) return null;
  try {
    return JSON.parse(raw) as MaintenanceState;
  } catch {
    return null;
  }
}

export function writeApplied(state: MaintenanceState, db: StoreDb = getStore()): void {
  db.prepare(`UPDATE maintenance_state SET applied = ? WHERE id = 1`).run(JSON.stringify(state));
}
