import { formatDuration, formatUtc } from "@/lib/time";

/** One server's lag over an incident's window, from the collector's in-memory history. */
export interface LagSummary {
  serverId: string;
  samples: number;
  /** over the samples whose lag was known */
  minSeconds: number | null;
  maxSeconds: number | null;
  /** ISO: when the maximum was seen */
  peakAt: string | null;
  /** seconds of the known time spent past the cutoff (sample count × poll interval) */
  secondsPastCutoff: number;
  /** samples whose lag was unknown (server or its writer not answering) */
  unknownSamples: number;
  /** seconds of the window with a known lag (known samples × poll interval, at most the window) */
  knownSeconds: number;
  /** the window's length in seconds */
  windowSeconds: number;
  /** ISO: what the history covers of the window; null when nothing */
  coveredFrom: string | null;
  coveredTo: string | null;
  /** true when the history reaches back to the window's start */
  complete: boolean;
}

export interface LagPoint {
  t: number;
  lagSeconds: number | null;
}

/**
 * Min, max and when it peaked, over [start, end], honest about coverage: the history is bounded
 * and starts empty at every restart, so an old window may be covered in part or not at all, and
 * a sample whose lag was unknown counts as unknown, never as 0 s. Pure.
 */
export function summarizeLag(serverId: string, points: readonly LagPoint[], start: Date, end: Date, cutoffSeconds: number, pollIntervalMs: number): LagSummary {
  const from = start.getTime();
  const to = end.getTime();
  const inside = points.filter((p) => p.t >= from && p.t <= to);
  const known = inside.filter((p): p is { t: number; lagSeconds: number } => p.lagSeconds != null);
  let peak: { t: number; lagSeconds: number } | null = null;
  for (const p of known) if (!peak || p.lagSeconds > peak.lagSeconds) peak = p;
  const slack = Math.max(2 * pollIntervalMs, 2000);
  const windowSeconds = Math.max(0, Math.round((to - from) / 1000));
  return {
    serverId,
    samples: inside.length,
    minSeconds: known.length ? Math.min(...known.map((p) => p.lagSeconds)) : null,
    maxSeconds: peak?.lagSeconds ?? null,
    peakAt: peak ? new Date(peak.t).toISOString() : null,
    secondsPastCutoff: Math.round((known.filter((p) => p.lagSeconds > cutoffSeconds).length * pollIntervalMs) / 1000),
    unknownSamples: inside.length - known.length,
    knownSeconds: Math.min(windowSeconds, Math.round((known.length * pollIntervalMs) / 1000)),
    windowSeconds,
    coveredFrom: inside.length ? new Date(inside[0].t).toISOString() : null,
    coveredTo: inside.length ? new Date(inside[inside.length - 1].t).toISOString() : null,
    complete: inside.length > 0 && inside[0].t - from <= slack,
  };
}

/** The share (0..1) of the window without a known lag. */
export function unknownShare(l: LagSummary): number {
  return l.windowSeconds > 0 ? 1 - l.knownSeconds / l.windowSeconds : l.knownSeconds > 0 ? 0 : 1;
}

/**
 * How much of the window the numbers stand on, in words, for the incident page and the report:
 * "lag known for 40 % of the window (2m 00s unknown: no answer); history from … only".
 */
export function lagCoverageWords(l: LagSummary): string {
  if (l.samples === 0) return "no history for this window (the console keeps a bounded history in memory, since its last start)";
  const share = unknownShare(l);
  const knownPercent = Math.max(0, Math.min(100, Math.round(100 * (1 - share))));
  const parts = [share <= 0.01 ? `lag known for the whole window (${l.samples} samples)` : `lag known for ${knownPercent} % of the window, unknown for ${formatDuration((l.windowSeconds - l.knownSeconds) * 1000)}`];
  if (l.unknownSamples > 0) parts.push(`${l.unknownSamples} sample(s) without an answer`);
  if (!l.complete) parts.push(`history from ${formatUtc(l.coveredFrom, "second")} only`);
  return parts.join("; ");
}

/** "3 s" when the whole window is known, else "3 s of 8s known": unknown time is not time under the cutoff. */
export function pastCutoffWords(l: LagSummary): string {
  if (l.samples === 0 || l.knownSeconds === 0) return "unknown";
  return unknownShare(l) <= 0.01 ? `${l.secondsPastCutoff} s` : `${l.secondsPastCutoff} s of ${formatDuration(l.knownSeconds * 1000)} known`;
}

/** A lag figure: "42.0 s", or "unknown" when no sample had one. */
export function lagSecondsWords(n: number | null): string {
  return n == null ? "unknown" : `${n.toFixed(1)} s`;
}
