import { describe, expect, it } from "vitest";
import type { Problem } from "@/lib/topology/types";
import { ageSeconds, formatLag, formatRate, formatReadOnly, sortProblems } from "./format";

describe("formatLag", () => {
  it("says the number and where it comes from, or that it is unknown", () => {
    expect(formatLag(12.34, "heartbeat")).toBe("12.3 s (heartbeat)");
    expect(formatLag(0, "seconds_behind")).toBe("0.0 s (Seconds_Behind)");
    expect(formatLag(null, null)).toBe("unknown");
    expect(formatLag(7300, "heartbeat")).toBe("2 h 1 min (heartbeat)");
  });
});

describe("value formatting", () => {
  it("formats rates and read_only", () => {
    expect(formatRate(1834.2)).toBe("1,834/s");
    expect(formatRate(0.44)).toBe("0.4/s");
    expect(formatRate(null)).toBe("—");
    expect(formatReadOnly({ readOnly: true, superReadOnly: true })).toBe("ON (super)");
    expect(formatReadOnly({ readOnly: false, superReadOnly: null })).toBe("OFF");
    expect(formatReadOnly({ readOnly: null, superReadOnly: null })).toBe("unknown");
  });

  it("never reports a negative age when the clocks drift", () => {
    const now = Date.parse("2026-01-01T09:00:10Z");
    expect(ageSeconds("2026-01-01T09:00:00Z", now)).toBe(10);
    expect(ageSeconds("2026-01-01T09:00:12Z", now)).toBe(0);
  });
});

describe("sortProblems", () => {
  it("puts critical first, fleet-wide before per-server", () => {
    const problems: Problem[] = [
      { code: "replica_lagging", serverId: "db4", clusterId: null, severity: "warning", message: "" },
      { code: "server_unreachable", serverId: "db3", clusterId: null, severity: "critical", message: "" },
      { code: "all_replicas_past_cutoff", serverId: null, clusterId: null, severity: "critical", message: "" },
    ];
    expect(sortProblems(problems).map((p) => p.code)).toEqual(["all_replicas_past_cutoff", "server_unreachable", "replica_lagging"]);
  });
});
