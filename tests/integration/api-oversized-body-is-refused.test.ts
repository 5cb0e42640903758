import { beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/lib/audit";
import { PUT as maintenancePUT } from "@/app/api/maintenance/route";
import { store } from "@/lib/store";
import { requestAs, useLabConfig } from "./auth-helpers";

/** Anyone with a token can send a body: past 2 MiB it is not read further, refused with 400 and audited. */
describe("a body larger than any route takes", () => {
  beforeAll(() => useLabConfig());

  it("is refused with 400 naming the limit, changes nothing, and the refusal is audited", async () => {
    const maintenanceState = async () => (await store()).selectFrom("maintenance_state").selectAll().execute();
    const before = await maintenanceState();
    const req = await requestAs({ kind: "token", role: "operator" }, "/api/maintenance", {
      method: "PUT",
      body: { enabled: true, message: "x".repeat(3 * 1024 * 1024) },
    });
    const res = await maintenancePUT(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "bad_request", message: "body: larger than 2 MiB" } });
    expect(await maintenanceState()).toEqual(before);
    const [entry] = await listAudit({ action: "maintenance.set", limit: 1 });
    expect(entry).toMatchObject({ actor: "token:lab-operator", result: "error", error: "body: larger than 2 MiB" });
  });
});
