import type { DigestAccount, StatementDigest } from "@/lib/mysql/types";
import { writeKindOf } from "@/lib/processlist/statement";
import type { TopWriter } from "./top-writers";

/** What one digest did between two reads of the digest table. */
interface DigestDelta {
  executions: number;
  seconds: number;
  rows: number;
}

interface DigestInfo {
  digest: string;
  text: string;
  schema: string | null;
  maxSeconds: number;
  firstSeenAt: number;
  lastSeenAt: number;
}

interface AccountSighting {
  user: string;
  host: string;
  lastSeenAt: number;
  example: string | null;
}

const MAX_TRACKED = 5000;
const EXAMPLE_CHARS = 2000;

/** Digests are unique per (schema, digest): the same statement run from two default databases is two rows. */
const keyOf = (d: { schema: string | null; digest: string }) => `${d.schema ?? ""}\u0000${d.digest}`;

/**
 * A statement's text reduced so a processlist fingerprint and a performance_schema DIGEST_TEXT
 * of the same statement compare equal (best effort): no quotes, comments or whitespace, lists
 * of placeholders folded. `UPDATE shop.orders SET qty = 1 WHERE id IN (1,2)` and
 * "UPDATE `shop` . `orders` SET `qty` = ? WHERE `id` IN (...)" give the same key.
 */
export function looseStatementKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/`/g, "")
    .replace(/\s+/g, "")
    .replace(/-\?/g, "?")
    .replace(/\((?:\.\.\.|\?\+|\?(?:,\?)*(?:,\.\.\.)?)\)/g, "(?+)")
    .replace(/(?:\(\?\+\),?)+/g, "(?+)");
}

/**
 * Who is writing, from performance_schema statement digests. The digest table's counters are
 * cumulative since each digest was first seen, so each read is turned into per-digest deltas
 * against the previous read, and `top` sums the deltas of the last `windowMs`: recent writers,
 * not the ones since boot. The first read only sets the baseline.
 */
export class DigestWriters {
  /** Cumulative counters at the last read that returned each digest. */
  private readonly previous = new Map<string, StatementDigest>();
  private readonly info = new Map<string, DigestInfo>();
  private readonly accounts = new Map<string, Map<string, AccountSighting>>();
  /** Per read: the deltas since the read before (`from`), taken at `at`. */
  private windows: { from: number; at: number; deltas: Map<string, DigestDelta> }[] = [];
  private lastReadAt: number | null = null;

  constructor(
    /** How far back "top" looks. */
    readonly windowMs = 15 * 60_000,
    /** Digests that are the console's own writes (its heartbeat), left out of "top". */
    private readonly isOwnWrite: (digestText: string) => boolean = () => false,
  ) {}

  /** True once a baseline read has been taken, so deltas mean something. */
  get baselined(): boolean {
    return this.lastReadAt != null;
  }

  /**
   * How far back the next read must look to see every digest that ran since the last one
   * (with a margin); null before the baseline: read them all.
   */
  activeWithinSeconds(now: number): number | null {
    if (this.lastReadAt == null) return null;
    return Math.ceil(Math.max(0, now - this.lastReadAt) / 1000) + 2;
  }

  /** Record one read of the digest table, taken at `at` (ms). */
  observe(digests: readonly StatementDigest[], at: number): void {
    const sinceRead = this.lastReadAt;
    const deltas = new Map<string, DigestDelta>();
    for (const d of digests) {
      if (!writeKindOf(d.digestText) || this.isOwnWrite(d.digestText)) continue;
      const key = keyOf(d);
      const before = this.previous.get(key);
      this.previous.set(key, d);
      this.info.set(key, {
        digest: d.digest,
        text: d.digestText,
        schema: d.schema,
        maxSeconds: d.maxSeconds,
        firstSeenAt: d.firstSeenAt,
        lastSeenAt: d.lastSeenAt,
      });
      if (sinceRead == null) continue; // the baseline: what ran before the console looked
      let delta: DigestDelta | null = null;
      if (before && d.executions >= before.executions && d.firstSeenAt <= before.firstSeenAt + 1000) {
        delta = {
          executions: d.executions - before.executions,
          seconds: Math.max(0, d.totalSeconds - before.totalSeconds),
          rows: Math.max(0, d.rowsAffected - before.rowsAffected),
        };
      } else if (d.firstSeenAt >= sinceRead - 1000) {
        // New since the last read, or its counters started again (table truncated, digest
        // evicted and seen anew, server restarted): everything it holds is recent.
        delta = { executions: d.executions, seconds: d.totalSeconds, rows: d.rowsAffected };
      }
      // Otherwise it ran before the baseline and only now made the list: a new baseline for it.
      if (delta && (delta.executions > 0 || delta.rows > 0)) deltas.set(key, delta);
    }
    this.lastReadAt = at;
    if (deltas.size && sinceRead != null) this.windows.push({ from: sinceRead, at, deltas });
    this.prune(at);
  }

  /** Digest hashes that wrote within the window: the ones worth attributing. */
  recentDigests(): string[] {
    const keys = new Set<string>();
    for (const w of this.windows) for (const key of w.deltas.keys()) keys.add(key);
    return [...new Set([...keys].map((k) => this.info.get(k)?.digest).filter((d): d is string => !!d))];
  }

  /** user@host of digests, from performance_schema's statement events joined with threads. */
  attribute(accounts: readonly DigestAccount[], at: number): void {
    for (const a of accounts) {
      for (const [key, info] of this.info) {
        if (info.digest === a.digest) this.sighting(key, a.user, a.host, at, a.example);
      }
    }
  }

  /**
   * user@host from what processlist sampling saw running: a sampled shape whose fingerprint
   * matches a digest's text (loosely) names who ran it, even after its session has gone.
   */
  attributeFromSampling(sampled: readonly TopWriter[]): void {
    if (sampled.length === 0) return;
    const byKey = new Map<string, TopWriter[]>();
    for (const w of sampled) {
      const k = looseStatementKey(w.fingerprint);
      byKey.set(k, [...(byKey.get(k) ?? []), w]);
    }
    for (const [key, info] of this.info) {
      for (const w of byKey.get(looseStatementKey(info.text)) ?? []) {
        this.sighting(key, w.user, w.host, w.lastSeenAt, w.example);
      }
    }
  }

  private sighting(key: string, user: string, host: string, at: number, example: string | null): void {
    let seen = this.accounts.get(key);
    if (!seen) this.accounts.set(key, (seen = new Map()));
    const account = `${user}@${host}`;
    const prior = seen.get(account);
    seen.set(account, {
      user,
      host,
      lastSeenAt: Math.max(at, prior?.lastSeenAt ?? 0),
      example: example ?? prior?.example ?? null,
    });
  }

  private prune(now: number): void {
    this.windows = this.windows.filter((w) => now - w.at <= this.windowMs);
    for (const [key, seen] of this.accounts) {
      for (const [account, s] of seen) if (now - s.lastSeenAt > this.windowMs) seen.delete(account);
      if (seen.size === 0) this.accounts.delete(key);
    }
    if (this.previous.size <= MAX_TRACKED) return;
    // Forget the digests idle longest; one that runs again is re-baselined (or counted if new).
    const idle = [...this.previous.entries()].sort((a, b) => a[1].lastSeenAt - b[1].lastSeenAt);
    for (const [key] of idle.slice(0, this.previous.size - MAX_TRACKED)) {
      this.previous.delete(key);
      this.info.delete(key);
      this.accounts.delete(key);
    }
  }

  /**
   * The digests that wrote most within the window, by rows written or by time spent, in the
   * shape processlist sampling reports (source performance_schema: rowsWritten is real).
   */
  top(by: "time" | "rows" = "rows", limit = 10): TopWriter[] {
    const totals = new Map<string, DigestDelta & { firstAt: number }>();
    for (const w of this.windows) {
      for (const [key, d] of w.deltas) {
        const t = totals.get(key) ?? { executions: 0, seconds: 0, rows: 0, firstAt: w.from };
        t.executions += d.executions;
        t.seconds += d.seconds;
        t.rows += d.rows;
        totals.set(key, t);
      }
    }
    const writers: TopWriter[] = [];
    for (const [key, t] of totals) {
      const info = this.info.get(key);
      const kind = info && writeKindOf(info.text);
      if (!info || !kind) continue;
      // Most recently seen account first: the batch job running now, not one from 14 minutes ago.
      const seen = [...(this.accounts.get(key)?.values() ?? [])].sort((a, b) => b.lastSeenAt - a.lastSeenAt);
      const example = seen.find((s) => s.example)?.example ?? info.text;
      writers.push({
        fingerprint: info.text.trim(),
        kind,
        user: seen[0]?.user ?? "unknown",
        host: seen[0]?.host ?? "unknown",
        accounts: seen.map((s) => `${s.user}@${s.host}`),
        digest: info.digest,
        db: info.schema,
        example: example.slice(0, EXAMPLE_CHARS),
        executions: t.executions,
        seenSeconds: Math.round(t.seconds * 1000) / 1000,
        // performance_schema keeps no windowed maximum: this is the slowest since the digest appeared.
        longestSeconds: Math.round(info.maxSeconds * 1000) / 1000,
        rowsWritten: t.rows,
        // It started writing after the read before its first delta, or when the server first saw it.
        firstSeenAt: Math.max(info.firstSeenAt, t.firstAt),
        lastSeenAt: info.lastSeenAt,
      });
    }
    const score = (w: TopWriter) => (by === "rows" ? (w.rowsWritten ?? 0) : w.seenSeconds);
    return writers.sort((a, b) => score(b) - score(a) || b.lastSeenAt - a.lastSeenAt).slice(0, limit);
  }
}
