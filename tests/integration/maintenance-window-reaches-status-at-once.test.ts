import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as summaryGET } from "@/app/api/status/summary.json/route";
import { POST as windowsPOST } from "@/app/api/maintenance/windows/route";
import { DELETE as windowDELETE } from "@/app/api/maintenance/windows/[id]/route";
import { resetConfigCache } from "@/lib/config";
import { reconcileMaintenance } from "@/lib/maintenance";
import { resetStatusCache } from "@/lib/status";
import { store } from "@/lib/store";
import { requestAs, type Credential } from "./auth-helpers";
import { labDir } from "./lab";

/**
 * A maintenance window scheduled or cancelled through the API reaches the public status at once,
 * not on the status cache's next refresh: the test lab's config with the slowest refresh allowed
 * (60 s), so that nothing but the write itself can rebuild the cache within the test.
 */
const MARK = `it-window-status-${Date.now()}`;
const none = { params: Promise.resolve({}) };
const operator: Credential = { kind: "token", role: "operator" };
const slowConfig = path.join(labDir, `hotseat.${MARK}.config.json`);

interface Summary {
  status: { description: string };
  components: { id: string; status: string }[];
  scheduled_maintenances: { status: string; scheduled_for: string; incident_updates: { body: string }[] }[];
}

async function summary(): Promise<Summary> {
  const res = await summaryGET(new NextRequest("http://127.0.0.1:3000/api/status/summary.json"), none);
  expect(res.status).toBe(200);
  return (await res.json()) as Summary;
}
const ours = (s: Summary) => s.scheduled_maintenances.filter((m) => m.incident_updates.some((u) => u.body.startsWith(MARK)));

async function schedule(startsAt: Date, endsAt: Date, message: string): Promise<number> {
  const body = { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), message };
  const res = await windowsPOST(await requestAs(operator, "/api/maintenance/windows", { method: "POST", body }), none);
  expect(res.status).toBe(201);
  return ((await res.json()) as { window: { id: number } }).window.id;
}
async function cancel(id: number): Promise<void> {
  const res = await windowDELETE(await requestAs(operator, `/api/maintenance/windows/${id}`, { method: "DELETE" }), {
    params: Promise.resolve({ id: String(id) }),
  });
  expect(res.status).toBe(200);
}

beforeAll(() => {
  const config = JSON.parse(fs.readFileSync(path.join(labDir, "hotseat.config.json"), "utf8")) as { status?: Record<string, unknown> };
  fs.writeFileSync(slowConfig, JSON.stringify({ ...config, status: { ...config.status, refreshSeconds: 60 } }));
  process.env.HOTSEAT_CONFIG = slowConfig;
  resetConfigCache();
  resetStatusCache();
});

afterAll(async () => {
  resetStatusCache();
  await (await store()).deleteFrom("maintenance_windows").where("message", "like", `${MARK}%`).execute();
  await reconcileMaintenance();
  fs.rmSync(slowConfig, { force: true });
});

describe("a maintenance window on the public status", () => {
  it("shows a window scheduled for later at once, and drops it at once when cancelled", async () => {
    expect(ours(await summary())).toEqual([]); // the first build, before the window

    const startsAt = new Date(Date.now() + 3600_000);
    const id = await schedule(startsAt, new Date(startsAt.getTime() + 1800_000), `${MARK} later: disk upgrade`);
    const shown = ours(await summary());
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ status: "scheduled", scheduled_for: startsAt.toISOString() });

    await cancel(id);
    expect(ours(await summary())).toEqual([]);
  });

  it("puts every component under maintenance at once for a window that starts now, and back when it is cancelled", async () => {
    const id = await schedule(new Date(Date.now() - 1000), new Date(Date.now() + 600_000), `${MARK} now: failover drill`);
    const during = await summary();
    expect(ours(during)).toMatchObject([{ status: "in_progress" }]);
    expect(during.components.map((c) => c.status)).toEqual(during.components.map(() => "under_maintenance"));

    await cancel(id);
    const after = await summary();
    expect(ours(after)).toEqual([]);
    expect(after.components.filter((c) => c.status === "under_maintenance")).toEqual([]);
  });
});
