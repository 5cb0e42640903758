/** Turns history points into chart rows. Pure, so the chart component stays a thin shell. */
import type { HistoryPoint } from "@/lib/topology/types";

export interface LagRow {
  /** Epoch milliseconds. */
  ts: number;
  /** null draws a gap: lag unknown, or no poll answered in that stretch. */
  lag: number | null;
}

/**
 * Chart rows from history points, oldest first, with a null row inserted wherever two points are
 * further apart than `maxGapMs`, so a stretch with no data shows as a gap instead of a straight
 * line across it.
 */
export function toLagRows(points: HistoryPoint[], maxGapMs: number): LagRow[] {
  const rows: LagRow[] = [];
  let previousTs: number | null = null;
  for (const point of points) {
    const ts = Date.parse(point.t);
    if (Number.isNaN(ts)) continue;
    if (previousTs !== null && ts - previousTs > maxGapMs) rows.push({ ts: previousTs + 1, lag: null });
    rows.push({ ts, lag: point.lagSeconds });
    previousTs = ts;
  }
  return rows;
}

/** The newest point's lag: null when the newest point has no lag (unknown now). */
export function latestLag(points: HistoryPoint[]): number | null {
  return points.length ? points[points.length - 1].lagSeconds : null;
}

/**
 * Upper bound of the y axis: always above the cutoff (so its line is on screen) and above the
 * highest lag shown, rounded up to a tidy number.
 */
export function lagAxisMax(rows: LagRow[], cutoffSeconds: number): number {
  let highest = cutoffSeconds * 1.25;
  for (const row of rows) if (row.lag !== null && row.lag * 1.1 > highest) highest = row.lag * 1.1;
  const step = highest <= 20 ? 5 : highest <= 100 ? 10 : highest <= 600 ? 60 : 300;
  return Math.ceil(highest / step) * step;
}

/**
 * Y ticks that mean something: zero, the top, and the cutoff when it has room; a midpoint instead
 * when the cutoff sits so close to an end that the labels would collide.
 */
export function lagAxisTicks(axisMax: number, cutoffSeconds: number): number[] {
  const ratio = cutoffSeconds / axisMax;
  const middle = ratio >= 0.12 && ratio <= 0.88 ? cutoffSeconds : Math.round(axisMax / 2);
  return [...new Set([0, middle, axisMax])];
}

/** Where the "read cutoff" label goes: under the line when it is high, above it when it is low. */
export function cutoffLabelPosition(axisMax: number, cutoffSeconds: number): "insideTopLeft" | "insideBottomLeft" {
  return cutoffSeconds / axisMax > 0.5 ? "insideTopLeft" : "insideBottomLeft";
}
