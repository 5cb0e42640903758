import type { HotSeatConfig } from "@/lib/config";
import { isLeader } from "@/lib/leader";
import { store, type Store } from "@/lib/store";
import { DEFAULT_POLICY, type DeliveryPolicy } from "./backoff";
import { claimDelivery, dueDeliveries, enqueueDeliveries, getDelivery, pendingDelivery, recordAttempt, type Delivery, type DeliveryAttempt, type DueDelivery, type Webhook } from "./deliveries";
import type { AlertNotice } from "./payloads";

const CLAIM_MARGIN_MS = 5_000;

export interface NotifierOptions {
  webhooks: readonly Webhook[];
  policy?: Partial<DeliveryPolicy>;
  /** the store the queue lives in (default: the console's) */
  db?: Store;
  /** whether this console sends the queue now (default: while it leads, lib/leader) */
  leader?: () => boolean;
  /** how often due deliveries are looked for (default 500 ms) */
  tickMs?: number;
}

export function policyFromConfig(config: HotSeatConfig): DeliveryPolicy {
  return { ...DEFAULT_POLICY, ...Object.fromEntries(Object.entries(config.alerts.delivery ?? {}).filter(([, v]) => v !== undefined)) };
}

/**
 * Sends queued webhook deliveries and retries failed ones with exponential backoff. The queue is
 * in the store, so a restart resumes it; each attempt is recorded with its status code or error.
 * Of two consoles on one store only the leader drains it (a new leader picks up what the old one
 * left); each attempt claims its delivery first, so even two drainers never send one twice.
 */
export class Notifier {
  readonly policy: DeliveryPolicy;
  private readonly webhooks: readonly Webhook[];
  private readonly tickMs: number;
  private readonly dbHandle: Store | undefined;
  private readonly leads: () => boolean;
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<number>();
  private draining: Promise<void> | null = null;

  constructor(opts: NotifierOptions) {
    this.webhooks = opts.webhooks;
    this.policy = { ...DEFAULT_POLICY, ...opts.policy };
    this.tickMs = opts.tickMs ?? 500;
    this.dbHandle = opts.db;
    this.leads = opts.leader ?? isLeader;
  }

  private db(): Promise<Store> {
    return this.dbHandle ? Promise.resolve(this.dbHandle) : store();
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

  /**
   * Queue a notice for every webhook (in `db`, the caller's transaction, when given); the drain
   * sends it on its next tick, or at once after `wake()`.
   */
  async enqueue(notice: AlertNotice, episodeId: number | null, now = new Date(), db?: Store): Promise<Delivery[]> {
    if (this.webhooks.length === 0) return [];
    const queued = await enqueueDeliveries(notice, this.webhooks, episodeId, now, db ?? (await this.db()));
    if (!db) this.wake();
    return queued;
  }

  /** Look for due deliveries now rather than at the next tick. */
  wake(): void {
    queueMicrotask(() => void this.drain());
  }

  /**
   * Queue a notice and make its first attempt now; answers with each delivery after that attempt.
   * An operator's test: any console sends it, leader or not (its retries are the leader's).
   */
  async sendNow(notice: AlertNotice, episodeId: number | null = null): Promise<Delivery[]> {
    if (this.webhooks.length === 0) return [];
    const db = await this.db();
    const queued = await enqueueDeliveries(notice, this.webhooks, episodeId, new Date(), db);
    await Promise.all(
      queued.map(async (d) => {
        const due = await pendingDelivery(d.id, db);
        if (due) await this.attempt(due, db);
      }),
    );
    const after = await Promise.all(queued.map((d) => getDelivery(d.id, db)));
    return after.filter((d): d is Delivery => d != null);
  }

  /** Send every delivery that is due (one drain at a time); a console that does not lead sends nothing. */
  drain(now = new Date()): Promise<void> {
    if (this.draining) return this.draining;
    if (!this.leads()) return Promise.resolve();
    this.draining = (async () => {
      try {
        const db = await this.db();
        const due = (await dueDeliveries(now, 20, db)).filter((d) => !this.inFlight.has(d.id));
        await Promise.all(due.map((d) => this.attempt(d, db)));
      } catch (err) {
        console.error("[hotseat] notifier:", err);
      } finally {
        this.draining = null;
      }
    })();
    return this.draining;
  }

  private async attempt(d: DueDelivery, db: Store): Promise<void> {
    if (this.inFlight.has(d.id)) return;
    this.inFlight.add(d.id);
    try {
      await this.claimAndSend(d, db);
    } finally {
      this.inFlight.delete(d.id);
    }
  }

  private async claimAndSend(d: DueDelivery, db: Store): Promise<void> {
    const started = Date.now();
    // The attempt's timeout plus a margin: past it, a sender that died has left the delivery due again.
    if (!(await claimDelivery(d.id, new Date(started), new Date(started + this.policy.timeoutMs + CLAIM_MARGIN_MS), db))) return;
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
    await recordAttempt(d.id, attempt, this.policy, db);
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
