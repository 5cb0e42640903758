import type { HistoryEntry } from "./history";

/** The most points a sparkline gets per server, whatever window is asked for. */
export const MAX_SPARKLINE_POINTS = 60;

/** Every server's recent lag on one shared time grid (GET /api/history). */
export interface LagSparklines {
  /** ISO time the grid ends at (now) */
  until: string;
  seconds: number;
  /** width of one slot; slot i covers [until - seconds + i·bucketSeconds, + bucketSeconds) */
  bucketSeconds: number;
  /** per server, the worst (highest) lag seen in each slot, 0.1 s precision; null where none was known */
  servers: { id: string; lagSeconds: (number | null)[] }[];
}

/**
 * Downsample each server's history to at most MAX_SPARKLINE_POINTS slots of equal width, keeping
 * each slot's highest lag so a short spike past the cutoff still shows. One pass per server over
 * entries already bounded by the collector's ring buffer.
 */
export function lagSparklines(
  servers: readonly { id: string; entries: readonly Pick<HistoryEntry, "t" | "lagSeconds">[] }[],
  seconds: number,
  now: number,
): LagSparklines {
  const slots = Math.max(1, Math.min(MAX_SPARKLINE_POINTS, Math.floor(seconds)));
  const bucketMs = (seconds * 1000) / slots;
  const start = now - seconds * 1000;
  return {
    until: new Date(now).toISOString(),
    seconds,
    bucketSeconds: bucketMs / 1000,
    servers: servers.map(({ id, entries }) => {
      const lag: (number | null)[] = new Array(slots).fill(null);
      for (const e of entries) {
        if (e.lagSeconds === null || e.t < start || e.t > now) continue;
        const i = Math.min(slots - 1, Math.floor((e.t - start) / bucketMs));
        const rounded = Math.round(e.lagSeconds * 10) / 10;
        const current = lag[i];
        if (current === null || rounded > current) lag[i] = rounded;
      }
      return { id, lagSeconds: lag };
    }),
  };
}
