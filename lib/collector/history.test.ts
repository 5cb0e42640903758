import { describe, expect, it } from "vitest";
import { RingBuffer } from "./history";
import { ratesBetween } from "./rates";

describe("RingBuffer", () => {
  it("keeps only the newest items, oldest first", () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i++) ring.push(i);
    expect(ring.size).toBe(3);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.newestWhile((n) => n >= 4)).toEqual([4, 5]);
  });
});

describe("ratesBetween", () => {
  const status = (questions: number, writes: number, uptimeSeconds = 100) => ({
    uptimeSeconds,
    questions,
    comInsert: writes,
    comUpdate: 0,
    comDelete: 0,
    comReplace: 0,
    threadsRunning: 1,
    threadsConnected: 1,
  });

  it("derives per-second rates from counters", () => {
    expect(ratesBetween({ status: status(100, 10), at: 0 }, { status: status(300, 30), at: 2000 })).toEqual({
      queriesPerSecond: 100,
      writesPerSecond: 10,
    });
  });

  it("gives no rate after a restart reset the counters", () => {
    expect(ratesBetween({ status: status(1000, 10), at: 0 }, { status: status(5, 1, 1), at: 1000 })).toBeNull();
  });
});
