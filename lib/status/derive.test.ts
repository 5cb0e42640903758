import { describe, expect, it } from "vitest";
import { analyseFleet } from "@/lib/topology/analyse";
import { NOW, storyFleet, threeClusterFleet } from "@/lib/topology/fixtures";
import type { ServerSample } from "@/lib/collector/types";
import fc from "fast-check";
import { deriveComponents, HEADLINE_RULE, overallState, type DeriveInput } from "./derive";
import { COMPONENT_KEYS, COMPONENT_STATUSES, INCIDENT_IMPACTS } from "./types";

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
    openIncidents: [],
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

  it("follow the clusters the status page names, and each cluster against its own writer", () => {
    // auth's writer db5 is dead; shop is healthy
    const topology = analyseFleet(threeClusterFleet({ db5: down }), { now: NOW, clusterLabels: { db1: "shop", db5: "auth" } });
    expect(statuses({ ...input(), topology })["database-writes"]).toBe("major_outage");
    const shopOnly = statuses({ ...input(), topology, clusters: ["shop"] });
    expect(shopOnly).toEqual({ website: "operational", "database-writes": "operational", "database-reads": "operational", "background-jobs": "operational" });
    // analytics has two writers and one two-source replica: no split brain, reads fine
    expect(statuses({ ...input(), topology, clusters: ["db10"] })["database-reads"]).toBe("operational");
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

describe("the headline rule", () => {
  it("says the worst component in plain words", () => {
    expect(overallState(["operational", "operational"])).toEqual({ state: "operational", indicator: "none", description: "All systems operational" });
    expect(overallState(["operational", "partial_outage"]).description).toBe("Partial outage");
    expect(overallState(["degraded_performance", "major_outage"])).toMatchObject({ state: "major_outage", indicator: "critical" });
  });

  it("reads under maintenance when nothing is worse; a worse component is still the headline", () => {
    expect(overallState(["under_maintenance", "under_maintenance"])).toEqual({ state: "under_maintenance", indicator: "minor", description: "Under maintenance" });
    expect(overallState(["under_maintenance", "partial_outage"]).state).toBe("partial_outage");
  });

  it("an open incident raises the components it names, so the headline shows on a component too", () => {
    const s = statuses(input({}, { openIncidents: [{ impact: "major", components: ["website", "database-reads"] }] }));
    expect(s).toEqual({ website: "partial_outage", "database-writes": "operational", "database-reads": "partial_outage", "background-jobs": "operational" });
    const reasons = deriveComponents(input({}, { openIncidents: [{ impact: "major", components: ["website"] }] }));
    expect(reasons.website.reason).toBe("See the open incident above.");
    // Naming no component: it counts for every one.
    expect(Object.values(statuses(input({}, { openIncidents: [{ impact: "minor", components: [] }] })))).toEqual(Array(4).fill("degraded_performance"));
  });

  it("an incident never makes a component look better than measured, and a pin wins over it", () => {
    const s = statuses(
      input({ db1: down }, {
        openIncidents: [{ impact: "minor", components: ["database-writes", "website"] }],
        overrides: [{ component: "website", status: "operational", note: null, setBy: "oncall", setAt: "", until: null }],
      }),
    );
    expect(s["database-writes"]).toBe("major_outage");
    expect(s.website).toBe("operational");
    // During maintenance a critical incident still shows.
    expect(statuses(input({}, { maintenanceEnabled: true, openIncidents: [{ impact: "critical", components: ["website"] }] })).website).toBe("major_outage");
  });

  it("never names a state that no component shows, whatever the incidents and the live data", () => {
    const status = fc.constantFrom(...COMPONENT_STATUSES);
    const incident = fc.record({ impact: fc.constantFrom(...INCIDENT_IMPACTS), components: fc.subarray([...COMPONENT_KEYS]) });
    fc.assert(
      fc.property(fc.array(incident, { maxLength: 4 }), fc.boolean(), fc.array(fc.record({ component: fc.constantFrom(...COMPONENT_KEYS), status }), { maxLength: 2 }), (openIncidents, maintenanceEnabled, pins) => {
        const overrides = pins.map((p) => ({ ...p, note: null, setBy: "oncall", setAt: "", until: null }));
        const shown = Object.values(deriveComponents(input({ db4: lagging(120) }, { openIncidents, maintenanceEnabled, overrides }))).map((c) => c.status);
        const { state } = overallState(shown);
        expect(state === "operational" ? shown.every((c) => c === "operational") : shown.includes(state)).toBe(true);
      }),
    );
  });

  it("is written out for the About page", () => {
    expect(HEADLINE_RULE.join(" ")).toMatch(/worst component/);
    expect(HEADLINE_RULE.join(" ")).toMatch(/open incident raises the components it names/);
  });
});
