import { getStore, type StoreDb } from "@/lib/store";
import { nextRetryDelay, type DeliveryPolicy } from "./backoff";
import { payloadFor, type AlertNotice } from "./payloads";

export type DeliveryStatus = "pending" | "delivered" | "failed";

export interface DeliveryAttempt {
  at: string;
  /** HTTP status; null when no answer came (refused, timeout) */
  status: number | null;
  error: string | null;
  durationMs: number;
}

/** One notification to one webhook, with every attempt. Never carries the webhook's URL (a secret for Slack). */
export interface Delivery {
  id: number;
  episodeId: number | null;
  event: AlertNotice["event"];
  /** the webhook's origin, e.g. https://hooks.slack.com */
  target: string;
  format: "slack" | "json";
  payload: unknown;
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  attemptLog: DeliveryAttempt[];
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

interface DeliveryRow {
  id: number;
  episode_id: number | null;
  event: AlertNotice["event"];
  url: string;
  target: string;
  format: "slack" | "json";
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  attempt_log: string;
  created_at: string;
  next_attempt_at: string | null;
  delivered_at: string | null;
}

function parse<T>(json: string, fallback: T): T {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}

function toDelivery(r: DeliveryRow): Delivery {
  return {
    id: r.id,
    episodeId: r.episode_id,
    event: r.event,
    target: r.target,
    format: r.format,
    payload: parse(r.payload, null),
    status: r.status,
    attempts: r.attempts,
    lastStatus: r.last_status,
    lastError: r.last_error,
    attemptLog: parse<DeliveryAttempt[]>(r.attempt_log, []),
    createdAt: r.created_at,
    nextAttemptAt: r.next_attempt_at,
    deliveredAt: r.delivered_at,
  };
}

/** The part of a webhook URL that is safe to show: scheme, host and port. */
export function webhookTarget(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "(invalid URL)";
  }
}

export interface Webhook {
  url: string;
  format: "slack" | "json";
}

/** Queue one delivery per webhook, due now. Returns them. */
export function enqueueDeliveries(notice: AlertNotice, webhooks: readonly Webhook[], episodeId: number | null, now: Date, db: StoreDb = getStore()): Delivery[] {
  const insert = db.prepare(
    `INSERT INTO alert_deliveries (episode_id, event, url, target, format, payload, status, created_at, next_attempt_at)
     VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?) RETURNING *`,
  );
  const at = now.toISOString();
  return db.transaction(() =>
    webhooks.map((w) => toDelivery(insert.get(episodeId, notice.event, w.url, webhookTarget(w.url), w.format, JSON.stringify(payloadFor(w.format, notice)), at, at) as DeliveryRow)),
  )();
}

/** What the worker needs to send one delivery (the URL included). */
export interface DueDelivery {
  id: number;
  url: string;
  payload: string;
  attempts: number;
}

export function dueDeliveries(now: Date, limit = 20, db: StoreDb = getStore()): DueDelivery[] {
  return db
    .prepare(`SELECT id, url, payload, attempts FROM alert_deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`)
    .all(now.toISOString(), limit) as DueDelivery[];
}

/**
 * Take a due delivery for one attempt: its next attempt moves to `leaseUntil`, so no other drainer
 * (another notifier, another console on a shared store) sends it meanwhile, and a sender that dies
 * mid-attempt leaves it to be retried once the lease ends. False when someone else took it first.
 */
export function claimDelivery(id: number, now: Date, leaseUntil: Date, db: StoreDb = getStore()): boolean {
  return (
    db
      .prepare(`UPDATE alert_deliveries SET next_attempt_at = ? WHERE id = ? AND status = 'pending' AND next_attempt_at <= ?`)
      .run(leaseUntil.toISOString(), id, now.toISOString()).changes === 1
  );
}

export function pendingDelivery(id: number, db: StoreDb = getStore()): DueDelivery | null {
  return (db.prepare(`SELECT id, url, payload, attempts FROM alert_deliveries WHERE id = ? AND status = 'pending'`).get(id) as DueDelivery | undefined) ?? null;
}

/** Record one attempt: delivered on 2xx, else pending with the next retry after backoff, or failed for good. */
export function recordAttempt(id: number, attempt: DeliveryAttempt, policy: DeliveryPolicy, db: StoreDb = getStore()): Delivery | null {
  return db.transaction(() => {
    const row = db.prepare(`SELECT * FROM alert_deliveries WHERE id = ?`).get(id) as DeliveryRow | undefined;
    if (!row) return null;
    const attempts = row.attempts + 1;
    const log = [...parse<DeliveryAttempt[]>(row.attempt_log, []), attempt].slice(-50);
    const ok = attempt.status != null && attempt.status >= 200 && attempt.status < 300;
    const delay = ok ? null : nextRetryDelay(attempts, policy);
    const status: DeliveryStatus = ok ? "delivered" : delay == null ? "failed" : "pending";
    const next = delay == null ? null : new Date(Date.parse(attempt.at) + attempt.durationMs + delay).toISOString();
    const updated = db
      .prepare(
        `UPDATE alert_deliveries SET status = ?, attempts = ?, last_status = ?, last_error = ?, attempt_log = ?,
           next_attempt_at = ?, delivered_at = ? WHERE id = ? RETURNING *`,
      )
      .get(status, attempts, attempt.status, attempt.error, JSON.stringify(log), next, ok ? new Date(Date.parse(attempt.at) + attempt.durationMs).toISOString() : null, id) as DeliveryRow;
    return toDelivery(updated);
  })();
}

export function getDelivery(id: number, db: StoreDb = getStore()): Delivery | null {
  const row = db.prepare(`SELECT * FROM alert_deliveries WHERE id = ?`).get(id) as DeliveryRow | undefined;
  return row ? toDelivery(row) : null;
}

/** The latest deliveries, newest first; optionally only one episode's. */
export function listDeliveries(opts: { limit?: number; episodeId?: number } = {}, db: StoreDb = getStore()): Delivery[] {
  const limit = Math.min(Math.max(1, opts.limit ?? 50), 500);
  const rows =
    opts.episodeId != null
      ? db.prepare(`SELECT * FROM alert_deliveries WHERE episode_id = ? ORDER BY id DESC LIMIT ?`).all(opts.episodeId, limit)
      : db.prepare(`SELECT * FROM alert_deliveries ORDER BY id DESC LIMIT ?`).all(limit);
  return (rows as DeliveryRow[]).map(toDelivery);
}
