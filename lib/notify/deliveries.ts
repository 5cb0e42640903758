import type { Selectable } from "kysely";
import { store, type Store } from "@/lib/store";
import type { AlertDeliveriesTable } from "@/lib/store/schema";
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

type DeliveryRow = Selectable<AlertDeliveriesTable>;

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

/** Queue one delivery per webhook, due now, in one statement (so also inside a caller's transaction). Returns them. */
export async function enqueueDeliveries(notice: AlertNotice, webhooks: readonly Webhook[], episodeId: number | null, now: Date, db?: Store): Promise<Delivery[]> {
  if (webhooks.length === 0) return [];
  const d = db ?? (await store());
  const at = now.toISOString();
  const rows = await d
    .insertInto("alert_deliveries")
    .values(
      webhooks.map((w) => ({
        episode_id: episodeId,
        event: notice.event,
        url: w.url,
        target: webhookTarget(w.url),
        format: w.format,
        payload: JSON.stringify(payloadFor(w.format, notice)),
        status: "pending" as const,
        created_at: at,
        next_attempt_at: at,
      })),
    )
    .returningAll()
    .execute();
  // RETURNING's order is the engine's: the webhooks' order is the ids'
  return rows.sort((a, b) => a.id - b.id).map(toDelivery);
}

/** What the worker needs to send one delivery (the URL included). */
export interface DueDelivery {
  id: number;
  url: string;
  payload: string;
  attempts: number;
}

export async function dueDeliveries(now: Date, limit = 20, db?: Store): Promise<DueDelivery[]> {
  const d = db ?? (await store());
  return d
    .selectFrom("alert_deliveries")
    .select(["id", "url", "payload", "attempts"])
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now.toISOString())
    .orderBy("next_attempt_at")
    .orderBy("id")
    .limit(limit)
    .execute();
}

/**
 * Take a due delivery for one attempt: its next attempt moves to `leaseUntil`, so no other drainer
 * (another notifier, another console on a shared store) sends it meanwhile, and a sender that dies
 * mid-attempt leaves it to be retried once the lease ends. False when someone else took it first.
 * One conditional UPDATE: on PostgreSQL the second of two concurrent claims waits for the first's
 * row lock, sees the moved lease, and updates nothing.
 */
export async function claimDelivery(id: number, now: Date, leaseUntil: Date, db?: Store): Promise<boolean> {
  const d = db ?? (await store());
  const r = await d
    .updateTable("alert_deliveries")
    .set({ next_attempt_at: leaseUntil.toISOString() })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now.toISOString())
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function pendingDelivery(id: number, db?: Store): Promise<DueDelivery | null> {
  const d = db ?? (await store());
  const row = await d.selectFrom("alert_deliveries").select(["id", "url", "payload", "attempts"]).where("id", "=", id).where("status", "=", "pending").executeTakeFirst();
  return row ?? null;
}

/**
 * Record one attempt: delivered on 2xx, else pending with the next retry after backoff, or failed
 * for good. The row is written only if no other attempt was recorded since it was read (compare
 * on `attempts`), read again otherwise: no transaction held, no attempt lost.
 */
export async function recordAttempt(id: number, attempt: DeliveryAttempt, policy: DeliveryPolicy, db?: Store): Promise<Delivery | null> {
  const d = db ?? (await store());
  for (;;) {
    const row = await d.selectFrom("alert_deliveries").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) return null;
    const attempts = row.attempts + 1;
    const log = [...parse<DeliveryAttempt[]>(row.attempt_log, []), attempt].slice(-50);
    const ok = attempt.status != null && attempt.status >= 200 && attempt.status < 300;
    const delay = ok ? null : nextRetryDelay(attempts, policy);
    const status: DeliveryStatus = ok ? "delivered" : delay == null ? "failed" : "pending";
    const next = delay == null ? null : new Date(Date.parse(attempt.at) + attempt.durationMs + delay).toISOString();
    const updated = await d
      .updateTable("alert_deliveries")
      .set({
        status,
        attempts,
        last_status: attempt.status,
        last_error: attempt.error,
        attempt_log: JSON.stringify(log),
        next_attempt_at: next,
        delivered_at: ok ? new Date(Date.parse(attempt.at) + attempt.durationMs).toISOString() : null,
      })
      .where("id", "=", id)
      .where("attempts", "=", row.attempts)
      .returningAll()
      .executeTakeFirst();
    if (updated) return toDelivery(updated);
  }
}

export async function getDelivery(id: number, db?: Store): Promise<Delivery | null> {
  const d = db ?? (await store());
  const row = await d.selectFrom("alert_deliveries").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toDelivery(row) : null;
}

/** The latest deliveries, newest first; optionally only one episode's. */
export async function listDeliveries(opts: { limit?: number; episodeId?: number } = {}, db?: Store): Promise<Delivery[]> {
  const d = db ?? (await store());
  const limit = Math.min(Math.max(1, opts.limit ?? 50), 500);
  let q = d.selectFrom("alert_deliveries").selectAll();
  if (opts.episodeId != null) q = q.where("episode_id", "=", opts.episodeId);
  const rows = await q.orderBy("id", "desc").limit(limit).execute();
  return rows.map(toDelivery);
}
