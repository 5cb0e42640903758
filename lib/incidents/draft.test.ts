import { describe, expect, it } from "vitest";
import type { ServerSample } from "@/lib/collector/types";
import { deriveComponents, overallState } from "@/lib/status/derive";
import { analyseFleet } from "@/lib/topology/analyse";
import { NOW, storyFleet } from "@/lib/topology/fixtures";
import { incidentDraftFor } from "./draft";
import { openIncidentBodySchema } from "./schema";

const lagging = (s: number): Partial<ServerSample> => ({ heartbeats: [{ serverId: 1, ageSeconds: s }] });
const down: Partial<ServerSample> = { reachable: false, error: "connect ECONNREFUSED", variables: null, status: null, replication: [] };

function topology(over: Record<string, Partial<ServerSample>>) {
  return analyseFleet(storyFleet(over), { now: NOW });
}

describe("incidentDraftFor", () => {
  const cases = [
    ["no_writer", { db1: down }],
    ["all_replicas_past_cutoff", { db2: lagging(120), db3: lagging(120), db4: lagging(120) }],
  ] as const;

  it.each(cases)("prefills a valid public incident for %s, in plain words, as severe as the status page says", (code, over) => {
    const t = topology(over);
    const problem = t.problems.find((p) => p.code === code);
    expect(problem?.severity).toBe("critical");
    const draft = incidentDraftFor(problem!)!;
    expect(openIncidentBodySchema.parse(draft)).toEqual(draft);
    expect(draft.status).toBe("investigating");
    expect(draft.components.length).toBeGreaterThan(0);
    expect(`${draft.name} ${draft.body}`).not.toMatch(/db\d|127\.0\.0\.1|replica|cutoff|writer/i);
    // The incident's impact is what the page already derives, so opening it changes no headline.
    const derived = deriveComponents({ topology: t, site: null, siteFailuresInRow: 0, siteSlowMs: 2000, maintenanceEnabled: false, overrides: [], openIncidents: [], now: NOW });
    expect(overallState(Object.values(derived).map((c) => c.status)).indicator).toBe(draft.impact);
  });

  it("offers nothing for a warning or a problem customers do not feel", () => {
    expect(incidentDraftFor({ code: "replication_stopped", severity: "critical" })).toBeNull();
    expect(incidentDraftFor({ code: "writer_overloaded", severity: "warning" })).toBeNull();
    expect(incidentDraftFor({ code: "writer_overloaded", severity: "critical" })?.impact).toBe("minor");
  });

  it("hands out a copy: editing the form never changes the next draft", () => {
    const a = incidentDraftFor({ code: "no_writer", severity: "critical" })!;
    a.components.pop();
    expect(incidentDraftFor({ code: "no_writer", severity: "critical" })!.components).toHaveLength(3);
  });
});
