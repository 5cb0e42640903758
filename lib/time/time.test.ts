import { describe, expect, it } from "vitest";
import { formatClock, formatDayClock, formatDuration, formatSecondsTaken, formatUtc } from ".";

describe("formatUtc", () => {
  it("writes UTC to the minute, or to the second", () => {
    expect(formatUtc("2025-06-02T10:00:04.123Z")).toBe("2025-06-02 10:00 UTC");
    expect(formatUtc("2025-06-02T10:00:04.123Z", "second")).toBe("2025-06-02 10:00:04 UTC");
  });
  it("turns another offset into UTC", () => {
    expect(formatUtc("2025-06-02T12:00:00+02:00")).toBe("2025-06-02 10:00 UTC");
  });
  it("is empty for no time or a bad one", () => {
    expect(formatUtc(null)).toBe("");
    expect(formatUtc("soon")).toBe("");
  });
});

describe("clocks", () => {
  it("write the UTC time of day, with the day when asked", () => {
    expect(formatClock("2025-06-02T09:15:04.500Z")).toBe("09:15:04");
    expect(formatClock(Date.UTC(2025, 5, 2, 9, 15, 4))).toBe("09:15:04");
    expect(formatDayClock("2025-06-02T09:15:04Z")).toBe("06-02 09:15:04");
  });
});

describe("formatDuration", () => {
  it("says how long in the largest two units", () => {
    expect(formatDuration(4_000)).toBe("4s");
    expect(formatDuration(125_000)).toBe("2m 05s");
    expect(formatDuration(3_840_000)).toBe("1h 04m");
    expect(formatDuration(200_000_000)).toBe("2d 07h");
  });
  it("writes the processlist's unpadded form, with days from 48 hours", () => {
    expect(formatDuration(75_000, { pad: false })).toBe("1m 15s");
    expect(formatDuration(65_000, { pad: false })).toBe("1m 5s");
    expect(formatDuration(7_322_000, { pad: false })).toBe("2h 2m");
    expect(formatDuration(47 * 3_600_000, { pad: false })).toBe("47h 0m");
    expect(formatDuration(200_000_000, { pad: false })).toBe("2d 7h");
  });
  it("writes an unknown time taken as a dash", () => {
    expect(formatSecondsTaken(null)).toBe("—");
    expect(formatSecondsTaken(65)).toBe("1m 05s");
  });
});
