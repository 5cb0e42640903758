/** One server's lag over an incident's window, from the collector's in-memory history. */
export interface LagSummary {
  serverId: string;
  samples: number;
  minSeconds: number | null;
  maxSeconds: number | null;
  /** ISO: when the maximum was seen */
  peakAt: string | null;
  /** seconds of the covered window spent past the cutoff (sample count × poll interval) */
  secondsPastCutoff: number;
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
 * and starts empty at every restart, so an old window may be covered in part or not at all. Pure.
 */
export function summarizeLag(serverId: string, points: readonly LagPoint[], start: Date, end: Date, cutoffSeconds: number, pollIntervalMs: number): LagSummary {
  const from = start.getTime();
  const to = end.getTime();
  const inside = points.filter((p) => p.t >= from && p.t <= to);
  const known = inside.filter((p): p is { t: number; lagSeconds: number } => p.lagSeconds != null);
  let peak: { t: number; lagSeconds: number } | null = null;
  for (const p of known) if (!peak || p.lagSeconds > peak.lagSeconds) peak = p;
  const slack = Math.max(2 * pollIntervalMs, 2000);
  return {
    serverId,
    samples: inside.length,
    minSeconds: known.length ? Math.min(...known.map((p) => p.lagSeconds)) : null,
    maxSeconds: peak?.lagSeconds ?? null,
    peakAt: peak ? new Date(peak.t).toISOString() : null,
    secondsPastCutoff: Math.round((known.filter((p) => p.lagSeconds > cutoffSeconds).length * pollIntervalMs) / 1000),
    coveredFrom: inside.length ? new Date(inside[0].t).toISOString() : null,
    coveredTo: inside.length ? new Date(inside[inside.length - 1].t).toISOString() : null,
    complete: inside.length > 0 && inside[0].t - from <= slack,
  };
}
