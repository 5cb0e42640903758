import { describe, expect, it } from "vitest";
import { tempStores } from "@/lib/store/temp-store";
import { addFollowup, listFollowups, setFollowupDone } from "./followups";
import { getIncident, listIncidents, openIncident, postIncidentUpdate } from "./records";

const store = tempStores("incidents");

describe("incidents", () => {
  it("keeps updates newest first, carries components forward and stamps resolution", async () => {
    const db = await store();
    const inc = await openIncident({ name: "Checkout slow", impact: "minor", status: "investigating", body: "Looking", components: ["website"], by: "oncall" }, db);
    await postIncidentUpdate(inc.id, { status: "identified", body: "Found it", components: null, by: "oncall" }, db);
    const done = (await postIncidentUpdate(inc.id, { status: "resolved", body: "Fixed", components: null, by: "oncall" }, db))!;
    expect(done.updates.map((u) => u.body)).toEqual(["Fixed", "Found it", "Looking"]);
    expect(done.updates[0].components).toEqual(["website"]);
    expect(done.resolvedAt).not.toBeNull();
    expect(await postIncidentUpdate(9999, { status: "resolved", body: "x", components: null, by: "oncall" }, db)).toBeNull();
    expect(await listIncidents({}, db)).toHaveLength(1);
  });

  it("lists every open incident and the latest resolved ones, newest first", async () => {
    const db = await store();
    const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));
    const open = (name: string, m: number, status: "investigating" | "resolved" = "investigating") =>
      openIncident({ name, impact: "minor", status, body: name, components: [], by: "oncall", at: at(m) }, db);
    await open("old open", 0);
    await open("resolved 1", 1, "resolved");
    await open("resolved 2", 2, "resolved");
    await open("new open", 3);
    expect((await listIncidents({ limit: 1 }, db)).map((i) => i.name)).toEqual(["new open", "resolved 2", "old open"]);
    expect((await getIncident(9999, db))).toBeNull();
  });

  it("follow-ups: added in order, marked done and open again, only on their own incident", async () => {
    const db = await store();
    const inc = await openIncident({ name: "x", impact: "none", status: "investigating", body: "x", components: [], by: "oncall" }, db);
    const a = await addFollowup(inc.id, { text: "alert on lag", owner: "cto" }, "oncall", new Date(), db);
    await addFollowup(inc.id, { text: "runbook" }, "oncall", new Date(), db);
    expect(await setFollowupDone(inc.id + 1, a.id, true, new Date(), db)).toBeNull();
    expect(await setFollowupDone(inc.id, a.id, true, new Date("2026-01-01T00:00:00Z"), db)).toMatchObject({ done: true, doneAt: "2026-01-01T00:00:00.000Z" });
    expect((await listFollowups(inc.id, db)).map((f) => [f.text, f.owner, f.done])).toEqual([["alert on lag", "cto", true], ["runbook", null, false]]);
    expect(await setFollowupDone(inc.id, a.id, false, new Date(), db)).toMatchObject({ done: false, doneAt: null });
  });
});
