import { describe, expect, it } from "vitest";
import { countPoll, emptyPollStats, POLL_DURATION_BUCKETS } from "./poll-stats";

describe("poll stats", () => {
  it("count polls, failures and durations in cumulative buckets", () => {
    const stats = emptyPollStats();
    countPoll(stats, 0.003, false);
    countPoll(stats, 0.04, false);
    countPoll(stats, 7, true); // a frozen server: past every bucket, in +Inf only
    expect(stats.polls).toBe(3);
    expect(stats.failures).toBe(1);
    expect(stats.seconds).toBeCloseTo(7.043);
    const at = (le: number) => stats.buckets[POLL_DURATION_BUCKETS.indexOf(le as (typeof POLL_DURATION_BUCKETS)[number])];
    expect([at(0.005), at(0.05), at(5)]).toEqual([1, 2, 2]);
  });
});
