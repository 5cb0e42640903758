import { describe, expect, it } from "vitest";
import { AnonymousAuditBudget } from "./anonymous-budget";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("audit of anonymous refusals", () => {
  it("writes 10 a minute per address, then one summary, then counts; the count goes into the next row", () => {
    const c = clock();
    const budget = new AnonymousAuditBudget(10, 60_000, c.now);
    const decisions = Array.from({ length: 25 }, () => budget.admit("203.0.113.5"));
    expect(decisions.filter((d) => d.write && !d.summary)).toHaveLength(10);
    expect(decisions[10]).toEqual({ write: true, summary: true, suppressedBefore: 0 });
    expect(decisions.slice(11).every((d) => !d.write)).toBe(true);
    // another address has its own budget
    expect(budget.admit("203.0.113.6")).toEqual({ write: true, summary: false, suppressedBefore: 0 });

    c.advance(60_000);
    expect(budget.admit("203.0.113.5")).toEqual({ write: true, summary: false, suppressedBefore: 14 });
    expect(budget.admit("203.0.113.5")).toEqual({ write: true, summary: false, suppressedBefore: 0 });
  });
});
