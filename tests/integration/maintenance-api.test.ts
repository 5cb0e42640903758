import fs from "node:fs";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/lib/audit";
import { getConfig } from "@/lib/config";
import { getMaintenance, reconcileMaintenance, startMaintenanceScheduler, stopMaintenanceScheduler } from "@/lib/maintenance";
import { closeStore, store } from "@/lib/store";
import { GET, PUT } from "@/app/api/maintenance/route";
import { GET as windowsGET, POST as windowsPOST } from "@/app/api/maintenance/windows/route";
import { DELETE as windowDELETE } from "@/app/api/maintenance/windows/[id]/route";
import { requestAs, useLabConfig, type Credential } from "./auth-helpers";
import { waitFor } from "./lab";

/**
 * The maintenance API against the test lab's real store and flag file: the public GET, the
 * operator's PUT (validated, audited, persisted across a restart of the store), scheduled windows
 * that switch maintenance on and off by themselves.
 */
const MARK = `it-maintenance-${Date.now()}`;
const none = { params: Promise.resolve({}) };
const operator: Credential = { kind: "token", role: "operator" };

async function put(body: unknown, credential: Credential = operator) {
  const res = await PUT(await requestAs(credential, "/api/maintenance", { method: "PUT", body }), none);
  return { status: res.status, body: await res.json() };
}
async function publicState() {
  const res = await GET(await requestAs({ kind: "anonymous" }, "/api/maintenance"), none);
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toBe("no-store");
  return res.json();
}
const flagFile = () => getConfig().maintenance.flagFile!;
const since = new Date().toISOString();
const auditOf = (action: string) => listAudit({ action, since });

describe("maintenance API", () => {
  beforeAll(async () => {
    useLabConfig();
    expect(flagFile(), "the lab config names a flag file").toBeTruthy();
    await put({ enabled: false });
  });

  afterAll(async () => {
    stopMaintenanceScheduler();
    await put({ enabled: false });
    await (await store()).deleteFrom("maintenance_windows").where("message", "like", `${MARK}%`).execute();
    await reconcileMaintenance();
  });

  it("GET is public and answers { enabled, message, since, until }", async () => {
    const state = await publicState();
    expect(state).toMatchObject({ enabled: false, message: null, since: null, until: null });
  });

  it("PUT turns maintenance on with a message and an expected end, writes the flag file, and off removes it", async () => {
    const until = new Date(Date.now() + 30 * 60_000).toISOString();
    const on = await put({ enabled: true, message: `${MARK}: back at ten`, until });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ enabled: true, message: `${MARK}: back at ten`, until, source: "manual" });
    expect(Date.parse(on.body.since)).toBeGreaterThan(Date.now() - 10_000);
    expect(on.body.drivers.flagFile).toEqual({ path: flagFile(), present: true, error: null });

    expect(await publicState()).toMatchObject({ enabled: true, message: `${MARK}: back at ten`, until, since: on.body.since });
    const page = fs.readFileSync(flagFile(), "utf8");
    expect(page).toContain(`${MARK}: back at ten`);
    expect(page).toContain(`data-until="${until}"`);
    // no temp file left behind by the atomic write
    expect(fs.readdirSync(flagFile().replace(/\/[^/]+$/, "")).filter((f) => f.endsWith(".tmp"))).toEqual([]);

    // a second PUT changes the message but keeps since, and rewrites the page
    const again = await put({ enabled: true, message: `${MARK}: back at eleven` });
    expect(again.body.since).toBe(on.body.since);
    expect(again.body.until).toBeNull();
    expect(fs.readFileSync(flagFile(), "utf8")).toContain("back at eleven");

    const off = await put({ enabled: false });
    expect(off.body).toMatchObject({ enabled: false, message: null, since: null, until: null });
    expect(fs.existsSync(flagFile())).toBe(false);
    expect(await publicState()).toMatchObject({ enabled: false });

    const sets = (await auditOf("maintenance.set")).filter((e) => e.result === "ok");
    expect(sets.length).toBeGreaterThanOrEqual(3);
    expect(sets[0]).toMatchObject({ actor: "token:lab-operator", role: "operator", serverId: null, params: { body: { enabled: false } } });
  });

  it("the state survives a restart of the console's store", async () => {
    await put({ enabled: true, message: `${MARK}: persisted` });
    await closeStore(); // as a restarted process would, reopen the file from scratch
    expect(await getMaintenance()).toMatchObject({ enabled: true, message: `${MARK}: persisted`, source: "manual" });
    // the flag file is re-created by the next reconcile if something removed it meanwhile
    fs.rmSync(flagFile(), { force: true });
    await reconcileMaintenance();
    expect(fs.existsSync(flagFile())).toBe(true);
    await put({ enabled: false });
  });

  it("PUT answers 400 for anything malformed and changes nothing; a viewer gets 403; all audited", async () => {
    await put({ enabled: true, message: `${MARK}: before` });
    const before = await publicState();
    const bad: unknown[] = [
      { enabled: "not-a-boolean" },
      {},
      { message: "no enabled" },
      { enabled: true, until: "tomorrow" },
      { enabled: true, until: "2025-01-01T10:00:00" }, // no zone
      { enabled: true, until: new Date(Date.now() - 60_000).toISOString() },
      { enabled: true, until: new Date(Date.now() + 30 * 24 * 3600_000).toISOString() },
      { enabled: true, message: "x".repeat(501) },
      { enabled: true, message: 42 },
      { enabled: false, extra: 1 },
      [true],
      null,
    ];
    for (const body of bad) {
      const r = await put(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe("bad_request");
    }
    const withToken = await requestAs(operator, "/api/maintenance", { method: "PUT", body: {} });
    const notJson = await PUT(new NextRequest(withToken.url, { method: "PUT", headers: withToken.headers, body: "{enabled:" }), none);
    expect(notJson.status).toBe(400);

    const viewer = await put({ enabled: false }, { kind: "session", role: "viewer" });
    expect(viewer.status).toBe(403);
    const anonymous = await put({ enabled: false }, { kind: "anonymous" });
    expect(anonymous.status).toBe(401);

    expect(await publicState()).toEqual(before);
    expect(fs.readFileSync(flagFile(), "utf8")).toContain(`${MARK}: before`);
    const refused = (await auditOf("maintenance.set")).filter((e) => e.result !== "ok");
    expect(refused.filter((e) => e.result === "error").length).toBeGreaterThanOrEqual(bad.length);
    expect(refused.find((e) => e.result === "denied" && e.actor === "boss")?.error).toMatch(/operator role/);
    await put({ enabled: false });
  });

  it("a scheduled window turns maintenance on at its start and off at its end, by itself", async () => {
    const start = new Date(Date.now() + 1500);
    const end = new Date(start.getTime() + 2500);
    const created = await windowsPOST(
      await requestAs({ kind: "session", role: "operator" }, "/api/maintenance/windows", {
        method: "POST",
        body: { startsAt: start.toISOString(), endsAt: end.toISOString(), message: `${MARK}: window` },
      }),
      none,
    );
    expect(created.status).toBe(201);
    const { window } = await created.json();
    expect(window).toMatchObject({ status: "upcoming", createdBy: "oncall", message: `${MARK}: window` });

    // listed as upcoming, to a viewer too
    const list = await windowsGET(await requestAs({ kind: "token", role: "viewer" }, "/api/maintenance/windows"), none);
    expect((await list.json()).windows.find((w: { id: number }) => w.id === window.id)).toMatchObject({ status: "upcoming" });

    // the effective state follows the clock at once, scheduler or not
    expect((await getMaintenance(new Date(start.getTime() - 1))).enabled).toBe(false);
    expect(await getMaintenance(new Date(start.getTime() + 1))).toMatchObject({
      enabled: true,
      message: `${MARK}: window`,
      since: start.toISOString(),
      until: end.toISOString(),
      source: "schedule",
      windowId: window.id,
    });
    expect((await getMaintenance(end)).enabled).toBe(false);

    // the scheduler brings the flag file along, and audits each flip
    startMaintenanceScheduler(200);
    await waitFor(() => fs.existsSync(flagFile()), 5000, "the window to start");
    expect((await publicState()).enabled).toBe(true);
    await waitFor(() => !fs.existsSync(flagFile()), 6000, "the window to end");
    expect((await publicState()).enabled).toBe(false);
    stopMaintenanceScheduler();

    const started = (await auditOf("maintenance.window.start")).find((e) => e.params?.windowId === window.id);
    const ended = (await auditOf("maintenance.window.end")).find((e) => e.params?.windowId === window.id);
    expect(started).toMatchObject({ actor: "scheduler", result: "ok" });
    expect(ended).toMatchObject({ actor: "scheduler", result: "ok" });
  });

  it("windows: overlapping is refused (409), bad input is 400, cancelling works once, unknown id is 404", async () => {
    const post = async (body: unknown) => {
      const res = await windowsPOST(await requestAs(operator, "/api/maintenance/windows", { method: "POST", body }), none);
      return { status: res.status, body: await res.json() };
    };
    const del = async (id: string) => {
      const res = await windowDELETE(await requestAs(operator, `/api/maintenance/windows/${id}`, { method: "DELETE" }), {
        params: Promise.resolve({ id }),
      });
      return { status: res.status, body: await res.json() };
    };
    const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    const a = await post({ startsAt: at(60), endsAt: at(120), message: `${MARK}: a` });
    expect(a.status).toBe(201);
    expect((await post({ startsAt: at(90), endsAt: at(150), message: `${MARK}: b` })).status).toBe(409);
    expect((await post({ startsAt: at(120), endsAt: at(150), message: `${MARK}: c` })).status).toBe(201); // touching is fine
    expect((await post({ startsAt: at(200), endsAt: at(190) })).status).toBe(400);
    expect((await post({ startsAt: at(-20), endsAt: at(-10) })).status).toBe(400);
    expect((await post({ startsAt: "soon", endsAt: at(10) })).status).toBe(400);
    expect((await post({ startsAt: at(1), endsAt: at(60 * 24 * 8) })).status).toBe(400);

    const cancelled = await del(String(a.body.window.id));
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.window).toMatchObject({ status: "cancelled", cancelledBy: "token:lab-operator" });
    expect((await del(String(a.body.window.id))).status).toBe(409);
    expect((await del("999999999")).status).toBe(404);
    expect((await del("x")).status).toBe(400);
    // a cancelled window frees its slot
    expect((await post({ startsAt: at(90), endsAt: at(110), message: `${MARK}: d` })).status).toBe(201);
    expect((await auditOf("maintenance.window.cancel")).filter((e) => e.result === "ok").length).toBeGreaterThanOrEqual(1);
  });

  it("turning maintenance off also ends a window in force", async () => {
    const res = await windowsPOST(
      await requestAs(operator, "/api/maintenance/windows", {
        method: "POST",
        body: { startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 600_000).toISOString(), message: `${MARK}: now` },
      }),
      none,
    );
    expect(res.status, await res.clone().text()).toBe(201);
    expect(fs.existsSync(flagFile()), "a window that starts now applies at once").toBe(true);
    expect(await publicState()).toMatchObject({ enabled: true, source: "schedule", message: `${MARK}: now` });
    const off = await put({ enabled: false });
    expect(off.body.enabled).toBe(false);
    expect(fs.existsSync(flagFile())).toBe(false);
    const list = await (await windowsGET(await requestAs(operator, "/api/maintenance/windows"), none)).json();
    expect(list.windows.find((w: { message: string }) => w.message === `${MARK}: now`)).toMatchObject({ status: "cancelled" });
  });
});
