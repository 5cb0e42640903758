import { describe, expect, it } from "vitest";
import { batchRate, gtidSeq } from "./batch-lag";

describe("gtidSeq", () => {
  it("reads the highest sequence number of a MariaDB GTID list", () => {
    expect(gtidSeq("0-1-120")).toBe(120);
    expect(gtidSeq("0-1-120,1-2-7")).toBe(120);
    expect(gtidSeq("")).toBe(0);
    expect(gtidSeq(null)).toBe(0);
  });
});

describe("batchRate", () => {
  const base = { capacity: 4, growth: 0.5, target: 25, lag: 0 };

  it("issues twice what the replicas apply while the lag should grow by 0.5 s/s", () => {
    // 10 s in, the queue should hold 10 s of work: 40 statements at 4/s.
    expect(batchRate({ ...base, pending: 40, elapsedSeconds: 10 })).toBeCloseTo(8);
  });

  it("issues exactly what the replicas apply once the queued work is at the target", () => {
    expect(batchRate({ ...base, pending: 100, elapsedSeconds: 50 })).toBeCloseTo(4);
  });

  it("issues more when the queue falls behind the plan and less when it runs ahead", () => {
    const behind = batchRate({ ...base, pending: 0, elapsedSeconds: 10 });
    const ahead = batchRate({ ...base, pending: 80, elapsedSeconds: 10 });
    expect(behind).toBeGreaterThan(8);
    expect(ahead).toBeLessThan(8);
    expect(behind).toBeLessThanOrEqual(12); // never more than 3x capacity
  });

  it("stops writing when a replica is well past the target", () => {
    expect(batchRate({ ...base, pending: 0, elapsedSeconds: 10, lag: 31 })).toBe(0);
    expect(batchRate({ ...base, pending: 500, elapsedSeconds: 50 })).toBe(0);
  });
});
