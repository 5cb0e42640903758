import type { HotSeatConfig } from "@/lib/config";
import { getStore, type StoreDb } from "@/lib/store";
import { DEFAULT_POLICY, type DeliveryPolicy } from "./backoff";
import { claimDelivery, dueDeliveries, enqueueDeliveries, getDelivery, pendingDelivery, recordAttempt, type Delivery, type DeliveryAttempt, type DueDelivery, type Webhook } from "./deliveries";
import type { AlertNotice } from "./payloads";

const CLAIM_MARGIN_MS = 5_000;

export interface NotifierOptions {
  webhooks: readonly Webhook[];
  policy?: Partial<DeliveryPolicy>;
  /** the store the queue lives in (default: the console's) */
  db?: StoreDb;
  /** how often due deliveries are looked for (default 500 ms) */
  tickMs?: number;
}

export function policyFromConfig(config: HotSeatConfig): DeliveryPolicy {
  return { ...DEFAULT_POLICY, ...Object.fromEntries(Object.entries(config.alerts.delivery ?? {}).filter(([, v]) => v !== undefined)) };
}

/**
 * Sends queued webhook deliveries and retries failed ones with exponential backoff. The queue is
 * in the store, so a restart resumes it; each attempt is recorded with its status code or error.
 */
export class Notifier {
  readonly policy: DeliveryPolicy;
  private readonly webhooks: readonly Webhook[];
  private readonly tickMs: number;
  private dbHandle: StoreDb | undefined;
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<number>();
  private draining: Promise<void> | null = null;

  constructor(opts: NotifierOptions) {
    this.webhooks = opts.webhooks;
    this.policy = { ...DEFAULT_POLICY, ...opts.policy };
    this.tickMs = opts.tickMs ?? 500;
    this.dbHandle = opts.db;
  }

  private get db(): StoreDb {
    return this.dbHandle ?? getStore();
  }

  get webhookCount(): number {
    return this.webhooks.length;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.drain(), this.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Queue a notice for every webhook; the worker sends it on its next tick. */
  enqueue(notice: AlertNotice, episodeId: number | null, now = new Date()): Delivery[] {
    if (this.webhooks.length === 0) return [];
    const queued = enqueueDeliveries(notice, this.webhooks, episodeId, now, this.db);
    queueMicrotask(() => void this.drain());
    return queued;
  }

  /** Queue a notice and make its first attempt now; answers with each delivery after that attempt. */
  async sendNow(notice: AlertNotice, episodeId: number | null = null): Promise<Delivery[]> {
    if (this.webhooks.length === 0) return [];
    const queued = enqueueDeliveries(notice, this.webhooks, episodeId, new Date(), this.db);
    await Promise.all(
      queued.map(async (d) => {
        const due = pendingDelivery(d.id, this.db);
        if (due) await this.attempt(due);
      }),
    );
    return queued.map((d) => getDelivery(d.id, this.db)!).filter(Boolean);
  }

  /** Send every delivery that is due (one drain at a time). */
  drain(now = new Date()): Promise<void> {
    if (this.draining) return this.draining;
    this.draining = (async () => {
      try {
        const due = dueDeliveries(now, 20, this.db).filter((d) => !this.inFlight.has(d.id));
        await Promise.all(due.map((d) => this.attempt(d)));
      } catch (err) {
        console.error("[hotseat] notifier:", err);
      } finally {
        this.draining = null;
      }
    })();
    return this.draining;
  }

  private async attempt(d: DueDelivery): Promise<void> {
    if (this.inFlight.has(d.id)) return;
    const started = Date.now();
    // The attempt's timeout plus a margin: past it, a sender that died has left the delivery due again.
    if (!claimDelivery(d.id, new Date(started), new Date(started + this.policy.timeoutMs + CLAIM_MARGIN_MS), this.db)) return;
    this.inFlight.add(d.id);
    let attempt: DeliveryAttempt;
    try {
      const res = await fetch(d.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "HotSeat-Alerts/1" },
        body: d.payload,
        signal: AbortSignal.timeout(this.policy.timeoutMs),
        redirect: "manual",
      });
      await res.arrayBuffer().catch(() => undefined); // free the socket
      attempt = { at: new Date(started).toISOString(), status: res.status, error: res.ok ? null : `HTTP ${res.status}`, durationMs: Date.now() - started };
    } catch (err) {
      attempt = { at: new Date(started).toISOString(), status: null, error: describe(err), durationMs: Date.now() - started };
    }
    try {
      recordAttempt(d.id, attempt, this.policy, this.db);
    } finally {
      this.inFlight.delete(d.id);
    }
  }
}

/** An error in words, without the URL (it may hold a Slack secret). */
function describe(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === "TimeoutError" || err.name === "AbortError") return "timed out";
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return `${cause.code}`;
    return err.message.replace(/https?:\/\/\S+/g, "(url)").slice(0, 300);
  }
  return "failed";
}
