import { describe, expect, it } from "vitest";
import { analyseFleet } from "@/lib/topology/analyse";
import { NOW, storyFleet } from "@/lib/topology/fixtures";
import type { ServerSample } from "@/lib/collector/types";
import { deriveComponents, overallState, type DeriveInput } from "./derive";

const lagging = (s: number): Partial<ServerSample> => ({ heartbeats: [{ serverId: 1, ageSeconds: s }] });
const down: Partial<ServerSample> = { reachable: false, error: "connect ECONNREFUSED", variables: null, status: null, replication: [] };

function input(over: Record<string, Partial<ServerSample>> = {}, extra: Partial<DeriveInput> = {}): DeriveInput {
  return {
    topology: analyseFleet(storyFleet(over), { now: NOW }),
    site: { at: NOW, httpStatus: 200, latencyMs: 40, error: null },
    siteFailuresInRow: 0,
    siteSlowMs: 2000,
    maintenanceEnabled: false,
    overrides: [],
    now: NOW,
    ...extra,
  };
}

const statuses = (i: DeriveInput) => Object.fromEntries(Object.entries(deriveComponents(i)).map(([k, v]) => [k, v.status]));

describe("deriveComponents", () => {
  it("calls a healthy fleet and a healthy site operational", () => {
    expect(statuses(input())).toEqual({
      website: "operational",
      "database-writes": "operational",
      "database-reads": "operational",
      "background-jobs": "operational",
    });
  });

  it("degrades reads when one replica is past the cutoff, and falls to partial outage when all are", () => {
    expect(statuses(input({ db4: lagging(120) }))["database-reads"]).toBe("degraded_performance");
    const all = statuses(input({ db2: lagging(120), db3: lagging(120), db4: lagging(120) }));
    expect(all["database-reads"]).toBe("partial_outage");
    expect(all["background-jobs"]).toBe("partial_outage");
    expect(all["database-writes"]).toBe("operational");
  });

  it("reports a dead writer as a major outage of writes and jobs", () => {
    const s = statuses(input({ db1: down }));
    expect(s["database-writes"]).toBe("major_outage");
    expect(s["background-jobs"]).toBe("major_outage");
  });

  it("needs two failed site checks in a row for a website outage; slow is degraded", () => {
    const failed = { at: NOW, httpStatus: null, latencyMs: 3000, error: "timeout" };
    expect(statuses(input({}, { site: failed, siteFailuresInRow: 1 })).website).toBe("degraded_performance");
    expect(statuses(input({}, { site: failed, siteFailuresInRow: 2 })).website).toBe("major_outage");
    expect(statuses(input({}, { site: { at: NOW, httpStatus: 200, latencyMs: 2500, error: null } })).website).toBe("degraded_performance");
  });

  it("puts everything under maintenance, but an operator's override wins", () => {
    const s = statuses(
      input({ db1: down }, {
        maintenanceEnabled: true,
        overrides: [{ component: "database-writes", status: "major_outage", note: null, setBy: "oncall", setAt: "", until: null }],
      }),
    );
    expect(s).toMatchObject({ website: "under_maintenance", "database-writes": "major_outage", "background-jobs": "under_maintenance" });
  });

  it("ignores an expired override", () => {
    const expired = { component: "website" as const, status: "major_outage" as const, note: null, setBy: "oncall", setAt: "", until: new Date(NOW - 1).toISOString() };
    expect(statuses(input({}, { overrides: [expired] })).website).toBe("operational");
  });

  it("never puts a server id or host into a public reason", () => {
    const reasons = Object.values(deriveComponents(input({ db1: down, db3: lagging(120) }))).map((c) => c.reason ?? "");
    expect(reasons.join(" ")).not.toMatch(/db\d|127\.0\.0\.1|3306\d/);
  });
});

describe("overallState", () => {
  it("says the worst component in plain words, raised by an open incident", () => {
    expect(overallState(["operational", "operational"], [])).toEqual({ state: "operational", indicator: "none", description: "All systems operational" });
    expect(overallState(["operational", "partial_outage"], []).description).toBe("Partial outage");
    expect(overallState(["operational"], ["critical"])).toMatchObject({ state: "major_outage", indicator: "critical" });
  });

  it("reads under maintenance unless something major is going on", () => {
    expect(overallState(["under_maintenance", "under_maintenance"], ["minor"])).toEqual({ state: "under_maintenance", indicator: "minor", description: "Under maintenance" });
    expect(overallState(["under_maintenance"], ["major"]).state).toBe("partial_outage");
  });
});
