import { processSingleton } from "@/lib/process-singleton";

/**
 * How many refusals of anonymous attempts (unauthenticated state-changing requests, failed
 * sign-ins) are written to the audit log, per client address: the first few each minute in full, then one row saying that more follow, and the
 * rest only counted (their number goes into the next row that is written for that address). Anyone
 * can send these requests, so without a bound they could fill the log and bury real entries.
 * Authenticated refusals (403) are not limited: they name someone.
 */
export const ANONYMOUS_AUDIT_MAX_PER_WINDOW = 10;
export const ANONYMOUS_AUDIT_WINDOW_MS = 60_000;

export type AnonymousAuditDecision =
  /** write the row; `suppressedBefore` rows from this address were left out since the last one */
  | { write: true; summary: false; suppressedBefore: number }
  /** write one row saying that further refusals in this window are counted, not logged */
  | { write: true; summary: true; suppressedBefore: number }
  | { write: false };

interface Bucket {
  windowStart: number;
  written: number;
  suppressed: number;
}

export class AnonymousAuditBudget {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly max = ANONYMOUS_AUDIT_MAX_PER_WINDOW,
    readonly windowMs = ANONYMOUS_AUDIT_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Decide for one anonymous refusal from `address`. */
  admit(address: string): AnonymousAuditDecision {
    const now = this.now();
    this.prune(now);
    let bucket = this.buckets.get(address);
    if (!bucket || now - bucket.windowStart >= this.windowMs) {
      bucket = { windowStart: now, written: 0, suppressed: bucket?.suppressed ?? 0 };
      this.buckets.set(address, bucket);
    }
    if (bucket.written < this.max) {
      bucket.written++;
      const suppressedBefore = bucket.suppressed;
      bucket.suppressed = 0;
      return { write: true, summary: false, suppressedBefore };
    }
    if (bucket.written === this.max) {
      bucket.written++;
      const suppressedBefore = bucket.suppressed;
      bucket.suppressed = 0;
      return { write: true, summary: true, suppressedBefore };
    }
    bucket.suppressed++;
    return { write: false };
  }

  /** Forget quiet addresses (their uncounted rows are lost with them: bounded memory first). */
  private prune(now: number): void {
    if (this.buckets.size < 10_000) return;
    for (const [address, b] of this.buckets) if (now - b.windowStart >= this.windowMs) this.buckets.delete(address);
  }
}

/** The process's one budget (every bundled route handler shares it). */
export function anonymousAuditBudget(): AnonymousAuditBudget {
  return processSingleton("__hotseatAnonymousAudit", () => new AnonymousAuditBudget());
}

/**
 * The error text of an anonymous refusal as the audit log should keep it, or null when the row is
 * left out: the budget decides, and the text says when later rows are only counted or were left out.
 */
export function budgetedAnonymousError(address: string, error: string, budget = anonymousAuditBudget()): string | null {
  const decision = budget.admit(address);
  if (!decision.write) return null;
  let text = error;
  if (decision.summary) text += `; more than ${budget.max} anonymous attempts from ${address} this minute: further ones are counted, not logged`;
  if (decision.suppressedBefore) text += ` (${decision.suppressedBefore} earlier anonymous attempts from ${address} not logged)`;
  return text;
}
