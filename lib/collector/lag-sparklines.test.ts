import { describe, expect, it } from "vitest";
import { lagSparklines, MAX_SPARKLINE_POINTS } from "./lag-sparklines";

const NOW = Date.parse("2026-11-27T09:15:00Z");

describe("lagSparklines", () => {
  it("keeps at most 60 slots per server and each slot's highest lag", () => {
    // 300 s at one point a second: 5 points a slot; one spike of 42 s in the middle of a calm minute.
    const entries = Array.from({ length: 300 }, (_, i) => ({ t: NOW - 299_500 + i * 1000, lagSeconds: i === 151 ? 42.04 : 0.4 }));
    const out = lagSparklines([{ id: "db3", entries }], 300, NOW);
    expect(out.bucketSeconds).toBe(5);
    expect(out.servers[0].lagSeconds).toHaveLength(MAX_SPARKLINE_POINTS);
    expect(out.servers[0].lagSeconds.filter((v) => v === 42)).toHaveLength(1);
    expect(out.servers[0].lagSeconds.filter((v) => v === 0.4)).toHaveLength(59);
  });

  it("leaves a slot without a known lag null, and ignores points outside the window", () => {
    const entries = [
      { t: NOW - 400_000, lagSeconds: 99 },
      { t: NOW - 50_000, lagSeconds: null },
      { t: NOW - 1000, lagSeconds: 3 },
    ];
    const out = lagSparklines([{ id: "db4", entries }, { id: "db1", entries: [] }], 300, NOW);
    const db4 = out.servers[0].lagSeconds;
    expect(db4.at(-1)).toBe(3);
    expect(db4.filter((v) => v !== null)).toEqual([3]);
    expect(out.servers[1]).toEqual({ id: "db1", lagSeconds: new Array(60).fill(null) });
  });

  it("uses one slot a second for windows under a minute", () => {
    const out = lagSparklines([{ id: "db3", entries: [{ t: NOW - 100, lagSeconds: 1 }] }], 30, NOW);
    expect(out.bucketSeconds).toBe(1);
    expect(out.servers[0].lagSeconds).toHaveLength(30);
  });
});
