import { describe, expect, it } from "vitest";
import { tempStores } from "@/lib/store/temp-store";
import { listIncidents, openIncident, postIncidentUpdate } from "./records";

const store = tempStores("incidents");

describe("incidents", () => {
  it("keeps updates newest first, carries components forward and stamps resolution", () => {
    const db = store();
    const inc = openIncident({ name: "Checkout slow", impact: "minor", status: "investigating", body: "Looking", components: ["website"], by: "oncall" }, db);
    postIncidentUpdate(inc.id, { status: "identified", body: "Found it", components: null, by: "oncall" }, db);
    const done = postIncidentUpdate(inc.id, { status: "resolved", body: "Fixed", components: null, by: "oncall" }, db)!;
    expect(done.updates.map((u) => u.body)).toEqual(["Fixed", "Found it", "Looking"]);
    expect(done.updates[0].components).toEqual(["website"]);
    expect(done.resolvedAt).not.toBeNull();
    expect(postIncidentUpdate(9999, { status: "resolved", body: "x", components: null, by: "oncall" }, db)).toBeNull();
    expect(listIncidents({}, db)).toHaveLength(1);
  });
});
