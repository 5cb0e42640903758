import { describe, expect, it } from "vitest";
import type { HistoryPoint } from "@/lib/topology/types";
import { lagAxisMax, lagAxisTicks, latestLag, toLagRows } from "./lag-series";

const at = (s: number, lagSeconds: number | null): HistoryPoint => ({
  t: new Date(Date.UTC(2026, 0, 1, 9, 15, s)).toISOString(),
  lagSeconds,
  qps: 1,
  writesPerSecond: 1,
  threadsRunning: 1,
});

describe("toLagRows", () => {
  it("keeps unknown lag as null so the line shows a gap", () => {
    const rows = toLagRows([at(0, 1), at(1, null), at(2, 3)], 3000);
    expect(rows.map((r) => r.lag)).toEqual([1, null, 3]);
  });

  it("inserts a gap where no poll answered for longer than the limit", () => {
    const rows = toLagRows([at(0, 1), at(1, 1), at(20, 5)], 3000);
    expect(rows.map((r) => r.lag)).toEqual([1, 1, null, 5]);
    expect(rows[2].ts).toBeGreaterThan(rows[1].ts);
    expect(rows[2].ts).toBeLessThan(rows[3].ts);
  });
});

describe("latestLag", () => {
  it("is the newest point's lag, or null when that is unknown", () => {
    expect(latestLag([at(0, 4), at(1, 42.5)])).toBe(42.5);
    expect(latestLag([at(0, 4), at(1, null)])).toBeNull();
    expect(latestLag([])).toBeNull();
  });
});

describe("lagAxisMax", () => {
  it("keeps the cutoff line on screen when every lag is far below it", () => {
    expect(lagAxisMax(toLagRows([at(0, 0)], 3000), 30)).toBeGreaterThan(30);
  });

  it("grows to fit a lag far above the cutoff", () => {
    expect(lagAxisMax(toLagRows([at(0, 250)], 3000), 10)).toBeGreaterThanOrEqual(275);
  });

  it("ticks at zero, the cutoff and the top, or a midpoint when the cutoff would crowd zero", () => {
    expect(lagAxisTicks(15, 10)).toEqual([0, 10, 15]);
    expect(lagAxisTicks(240, 10)).toEqual([0, 120, 240]);
  });
});
