import type { ProcessRow } from "@/lib/mysql/types";
import { kindOf } from "@/lib/processlist/classify";
import { fingerprint, writeKindOf, type WriteKind } from "@/lib/processlist/statement";

/** One statement shape that has been seen writing, with who ran it. */
export interface TopWriter {
  fingerprint: string;
  kind: WriteKind;
  user: string;
  /** Client host without its port: one batch host, however many connections. */
  host: string;
  db: string | null;
  /** The most recent full statement of this shape (truncated to 2000 characters). */
  example: string;
  /** Distinct executions seen (a new thread id or statement text starts one). */
  executions: number;
  /** Thread-seconds this shape was seen running: each sighting counts one poll interval (a sampling estimate). */
  seenSeconds: number;
  /** The longest Time any execution reached. */
  longestSeconds: number;
  /** Rows written; null from processlist sampling (only performance_schema digests count rows). */
  rowsWritten: number | null;
  firstSeenAt: number;
  lastSeenAt: number;
  /** performance_schema only: the digest hash. */
  digest?: string;
  /** performance_schema only: every user@host known to have run it, most recent first ([] when unknown). */
  accounts?: string[];
}

const MAX_SHAPES = 500;
const EXAMPLE_CHARS = 2000;

/**
 * Accumulates, from each poll's processlist, which (user, host, statement fingerprint) were
 * running INSERT/UPDATE/DELETE/REPLACE and for how long. The fallback to performance_schema's
 * statement digests: a statement shorter than one poll interval is only seen by chance, so this
 * finds the batch jobs that hold the server, not every fast write.
 */
export class TopWriters {
  private readonly shapes = new Map<string, TopWriter>();
  /** Executions running at the last poll: "threadId|statement" -> shape key. */
  private running = new Map<string, string>();
  private lastObservedAt: number | null = null;

  constructor(
    /** Forget shapes not seen for this long. */
    readonly windowMs = 15 * 60_000,
  ) {}

  /** Record one poll's processlist, taken at `at` (ms). The console's own threads are ignored. */
  observe(processlist: readonly ProcessRow[], selfThreadIds: readonly number[], at: number): void {
    // Seconds since the previous poll, capped so a long gap (server unreachable) does not count as running time.
    const elapsed = this.lastObservedAt == null ? 1 : Math.min(10, Math.max(0, (at - this.lastObservedAt) / 1000));
    this.lastObservedAt = at;
    const running = new Map<string, string>();
    for (const row of processlist) {
      const kind = writeKindOf(row.info);
      if (!kind || !row.info || kindOf(row, selfThreadIds).kind !== "client") continue;
      const host = row.host.replace(/:\d+$/, "");
      const print = fingerprint(row.info);
      const key = `${row.user}\u0000${host}\u0000${print}`;
      const execution = `${row.id}|${row.info}`;
      running.set(execution, key);
      let shape = this.shapes.get(key);
      if (!shape) {
        shape = {
          fingerprint: print,
          kind,
          user: row.user,
          host,
          db: row.db,
          example: row.info.slice(0, EXAMPLE_CHARS),
          executions: 0,
          seenSeconds: 0,
          longestSeconds: 0,
          rowsWritten: null,
          firstSeenAt: at,
          lastSeenAt: at,
        };
        this.shapes.set(key, shape);
      }
      if (!this.running.has(execution)) shape.executions++;
      // Each sighting stands for one poll interval of running: the sampling estimate of its time.
      shape.seenSeconds = Math.round((shape.seenSeconds + elapsed) * 10) / 10;
      shape.longestSeconds = Math.max(shape.longestSeconds, row.timeSeconds);
      shape.example = row.info.slice(0, EXAMPLE_CHARS);
      shape.db = row.db;
      shape.lastSeenAt = at;
    }
    this.running = running;
    this.prune(at);
  }

  private prune(now: number): void {
    for (const [key, shape] of this.shapes) if (now - shape.lastSeenAt > this.windowMs) this.shapes.delete(key);
    if (this.shapes.size <= MAX_SHAPES) return;
    const oldest = [...this.shapes.entries()].sort((a, b) => a[1].lastSeenAt - b[1].lastSeenAt);
    for (const [key] of oldest.slice(0, this.shapes.size - MAX_SHAPES)) this.shapes.delete(key);
  }

  /**
   * The top shapes by time (seen seconds, then longest execution) or by rows written. A single
   * long execution counts its whole Time, since it was running before the first poll saw it.
   */
  top(by: "time" | "rows" = "time", limit = 10): TopWriter[] {
    const score = (w: TopWriter) => (by === "rows" ? (w.rowsWritten ?? -1) : Math.max(w.seenSeconds, w.longestSeconds));
    return [...this.shapes.values()]
      .sort((a, b) => score(b) - score(a) || b.lastSeenAt - a.lastSeenAt)
      .slice(0, limit)
      .map((w) => ({ ...w }));
  }
}
