import { getStore, type StoreDb } from "@/lib/store";
import type { AlertSeverity } from "./rules";

/** One alert from firing to resolution, as the store keeps it. */
export interface AlertEpisode {
  id: number;
  rule: string;
  serverId: string | null;
  severity: AlertSeverity;
  /** the message when it fired */
  message: string;
  /** ISO: the condition was first seen (the first signal) */
  pendingSince: string;
  firedAt: string;
  resolvedAt: string | null;
  /** the latest message while it fired (lag keeps growing) */
  lastMessage: string | null;
}

interface EpisodeRow {
  id: number;
  rule: string;
  server_id: string | null;
  severity: AlertSeverity;
  message: string;
  pending_since: string;
  fired_at: string;
  resolved_at: string | null;
  last_message: string | null;
}

function toEpisode(r: EpisodeRow): AlertEpisode {
  return {
    id: r.id,
    rule: r.rule,
    serverId: r.server_id,
    severity: r.severity,
    message: r.message,
    pendingSince: r.pending_since,
    firedAt: r.fired_at,
    resolvedAt: r.resolved_at,
    lastMessage: r.last_message,
  };
}

export function insertEpisode(
  e: { rule: string; serverId: string | null; severity: AlertSeverity; message: string; pendingSince: Date; firedAt: Date },
  db: StoreDb = getStore(),
): AlertEpisode {
  const row = db
    .prepare(
      `INSERT INTO alert_episodes (rule, server_id, severity, message, pending_since, fired_at)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
    )
    .get(e.rule, e.serverId, e.severity, e.message, e.pendingSince.toISOString(), e.firedAt.toISOString()) as EpisodeRow;
  return toEpisode(row);
}

export function resolveEpisode(id: number, at: Date, lastMessage: string | null, db: StoreDb = getStore()): AlertEpisode | null {
  const row = db
    .prepare(`UPDATE alert_episodes SET resolved_at = COALESCE(resolved_at, ?), last_message = COALESCE(?, last_message) WHERE id = ? RETURNING *`)
    .get(at.toISOString(), lastMessage, id) as EpisodeRow | undefined;
  return row ? toEpisode(row) : null;
}

export function noteEpisodeMessage(id: number, message: string, db: StoreDb = getStore()): void {
  db.prepare(`UPDATE alert_episodes SET last_message = ? WHERE id = ? AND resolved_at IS NULL`).run(message, id);
}

/** Episodes still firing (what a restarted engine picks up, so nothing fires twice). */
export function openEpisodes(db: StoreDb = getStore()): AlertEpisode[] {
  return (db.prepare(`SELECT * FROM alert_episodes WHERE resolved_at IS NULL ORDER BY fired_at`).all() as EpisodeRow[]).map(toEpisode);
}

/** Episodes active at some moment of [since, until): fired before `until`, not resolved before `since`. Oldest first. */
export function episodesBetween(since: Date, until: Date, db: StoreDb = getStore()): AlertEpisode[] {
  return (
    db
      .prepare(
        `SELECT * FROM alert_episodes WHERE pending_since < ? AND (resolved_at IS NULL OR resolved_at >= ?)
         ORDER BY fired_at, id LIMIT 5000`,
      )
      .all(until.toISOString(), since.toISOString()) as EpisodeRow[]
  ).map(toEpisode);
}

/** The latest episodes, newest first. */
export function recentEpisodes(limit = 50, db: StoreDb = getStore()): AlertEpisode[] {
  return (db.prepare(`SELECT * FROM alert_episodes ORDER BY fired_at DESC, id DESC LIMIT ?`).all(limit) as EpisodeRow[]).map(toEpisode);
}

export function getEpisode(id: number, db: StoreDb = getStore()): AlertEpisode | null {
  const row = db.prepare(`SELECT * FROM alert_episodes WHERE id = ?`).get(id) as EpisodeRow | undefined;
  return row ? toEpisode(row) : null;
}
