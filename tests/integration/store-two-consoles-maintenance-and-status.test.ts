import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { AuditInput } from "@/lib/audit";
import { parseConfig, resetConfigCache, type HotSeatConfig } from "@/lib/config";
import { createWindow, MaintenanceDrivers, setMaintenanceSwitch } from "@/lib/maintenance";
import { readMaintenance, setOverride, StatusCache, statusSettings, STORE_FRESH_MS } from "@/lib/status";
import type { Store } from "@/lib/store";
import { analyseFleet } from "@/lib/topology/analyse";
import { storyFleet } from "@/lib/topology/fixtures";
import { describeEachEngine } from "./store-engines";

/**
 * Two consoles on one store, as two processes on a shared PostgreSQL would run (and, for the
 * embedded engine, two handles on one file): each keeps its own flag file from the shared state,
 * only the leader runs the hooks, once per change, and a status page shows what the other console
 * wrote within a second while only the leader adds to the daily history.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-two-consoles-"));
const hookLog = path.join(dir, "hooks.log");
const config: HotSeatConfig = parseConfig({
  servers: [{ id: "db1", host: "127.0.0.1", port: 3306, user: "hotseat", password: "x" }],
  dataDir: path.join(dir, "data"),
  status: { refreshSeconds: 60 },
});
const savedConfig = process.env.HOTSEAT_CONFIG;

beforeAll(() => {
  // The status page's incidents still come from the console's own file (its data directory here).
  const file = path.join(dir, "hotseat.config.json");
  fs.writeFileSync(file, JSON.stringify({ servers: config.servers.map((s) => ({ ...s })), dataDir: config.dataDir }));
  process.env.HOTSEAT_CONFIG = file;
  resetConfigCache();
});
afterAll(() => {
  if (savedConfig === undefined) delete process.env.HOTSEAT_CONFIG;
  else process.env.HOTSEAT_CONFIG = savedConfig;
  resetConfigCache();
  fs.rmSync(dir, { recursive: true, force: true });
});

let consoleNo = 0;
/** One console's maintenance drivers: its own flag file, the shared store and hook log. */
function consoleOn(db: Store, leader: () => boolean) {
  const flagFile = path.join(dir, `console-${++consoleNo}`, "maintenance.html");
  const audits: AuditInput[] = [];
  const drivers = new MaintenanceDrivers({
    settings: () => ({ flagFile, hooks: { onEnable: `echo "$HOTSEAT_MAINTENANCE_EVENT" >> '${hookLog}'`, onDisable: `echo "$HOTSEAT_MAINTENANCE_EVENT" >> '${hookLog}'`, timeoutMs: 5000 } }),
    leader,
    audit: (input) => audits.push(input),
    db: async () => db,
  });
  return { drivers, flagFile, audits, present: () => fs.existsSync(flagFile) };
}
const hookRuns = () => (fs.existsSync(hookLog) ? fs.readFileSync(hookLog, "utf8").split("\n").filter(Boolean) : []);

describeEachEngine("two consoles on one store", (fresh) => {
  it("both keep their flag file, and the leader alone runs each hook once", async () => {
    fs.rmSync(hookLog, { force: true });
    const db = await fresh();
    const leader = consoleOn(db, () => true);
    const follower = consoleOn(db, () => false);

    // The operator switches on through the follower: its flag file at once, no hook there.
    await setMaintenanceSwitch({ enabled: true, message: "Upgrading" }, "oncall", new Date(), db);
    const onFollower = await follower.drivers.reconcile({ caller: { name: "oncall", role: "operator", via: "session" } });
    expect(onFollower).toMatchObject({ transition: null, hooks: [], flagFile: { path: follower.flagFile, present: true, error: null } });
    expect(follower.present()).toBe(true);
    expect(hookRuns()).toEqual([]);

    // The leader's next tick: its own flag file, and the hooks, once.
    const onLeader = await leader.drivers.reconcile();
    expect(onLeader.transition).toBe("enabled");
    expect(onLeader.hooks.map((h) => [h.event, h.ok])).toEqual([["enable", true]]);
    expect(leader.present()).toBe(true);
    for (let tick = 0; tick < 3; tick++) await Promise.all([leader.drivers.reconcile(), follower.drivers.reconcile()]);
    expect(hookRuns()).toEqual(["enable"]);
    expect([leader.present(), follower.present()]).toEqual([true, true]);
    expect(fs.readFileSync(follower.flagFile, "utf8")).toContain("Upgrading");
    expect(leader.audits.map((a) => [a.action, a.actor, a.result])).toEqual([["maintenance.hook", "scheduler", "ok"]]);
    expect(follower.audits).toEqual([]);

    // A new message reaches both files without a hook.
    await setMaintenanceSwitch({ enabled: true, message: "Nearly done" }, "oncall", new Date(), db);
    await Promise.all([leader.drivers.reconcile(), follower.drivers.reconcile()]);
    expect(fs.readFileSync(follower.flagFile, "utf8")).toContain("Nearly done");
    expect(fs.readFileSync(leader.flagFile, "utf8")).toContain("Nearly done");
    expect(hookRuns()).toEqual(["enable"]);

    // Off through the leader: both files go, the disable hook runs once.
    await setMaintenanceSwitch({ enabled: false }, "oncall", new Date(), db);
    for (let tick = 0; tick < 2; tick++) await Promise.all([leader.drivers.reconcile(), follower.drivers.reconcile()]);
    expect([leader.present(), follower.present()]).toEqual([false, false]);
    expect(hookRuns()).toEqual(["enable", "disable"]);

    // A file removed behind a console's back comes back on its next run.
    await setMaintenanceSwitch({ enabled: true }, "oncall", new Date(), db);
    await follower.drivers.reconcile();
    fs.rmSync(follower.flagFile);
    await follower.drivers.reconcile();
    expect(follower.present()).toBe(true);
  });

  it("runs a hook once even when both consoles believe they lead for a moment", async () => {
    fs.rmSync(hookLog, { force: true });
    const db = await fresh();
    const a = consoleOn(db, () => true);
    const b = consoleOn(db, () => true);
    const now = Date.now();
    await createWindow({ startsAt: new Date(now - 1000).toISOString(), endsAt: new Date(now + 60_000).toISOString(), message: "drill" }, "oncall", new Date(now), db);
    const [ra, rb] = await Promise.all([a.drivers.reconcile(), b.drivers.reconcile()]);
    expect([ra.transition, rb.transition].filter(Boolean)).toEqual(["enabled"]);
    expect(hookRuns()).toEqual(["enable"]);
    expect([a.present(), b.present()]).toEqual([true, true]);
    // the window's start is audited once, by the run that applied it
    expect([...a.audits, ...b.audits].filter((e) => e.action === "maintenance.window.start")).toHaveLength(1);

    // the window runs out: each console removes its file, the disable hook runs once, its end audited once
    const later = new Date(now + 61_000);
    await Promise.all([a.drivers.reconcile({ now: later }), b.drivers.reconcile({ now: later })]);
    expect(hookRuns()).toEqual(["enable", "disable"]);
    expect([a.present(), b.present()]).toEqual([false, false]);
    expect([...a.audits, ...b.audits].filter((e) => e.action === "maintenance.window.end")).toHaveLength(1);
  });

  it("shows on one console's status page what the other wrote within a second; only the leader records history", async () => {
    const db = await fresh();
    const topology = analyseFleet(storyFleet(), { now: Date.now() });
    const cache = (leader: boolean) =>
      new StatusCache({
        settings: { ...statusSettings(config), siteUrl: null },
        topology: () => topology,
        collectorReady: () => true,
        maintenance: (now) => readMaintenance(now, db),
        leader: () => leader,
        db: async () => db,
      });
    const leading = cache(true);
    const following = cache(false);
    try {
      const website = async (c: StatusCache) => (await c.current()).model.summary.components.find((x) => x.id === "website")!.status;
      expect(await website(following)).toBe("operational");

      // Written through the leader's console (its own cache is told; the follower's is not).
      await setOverride({ component: "website", status: "major_outage", note: null, until: null, by: "oncall" }, db);
      await new Promise((r) => setTimeout(r, STORE_FRESH_MS + 50));
      expect(await website(following)).toBe("major_outage");

      await createWindow({ startsAt: new Date(Date.now() + 3600_000).toISOString(), endsAt: new Date(Date.now() + 7200_000).toISOString(), message: "later" }, "oncall", new Date(), db);
      await new Promise((r) => setTimeout(r, STORE_FRESH_MS + 50));
      expect((await following.current()).model.summary.scheduled_maintenances.map((m) => m.status)).toEqual(["scheduled"]);

      // Two refreshes each: only the leader's seconds reach the daily history.
      const seconds = async () => Number((await db.selectFrom("status_daily").select((eb) => eb.fn.sum<number>("major_seconds").as("s")).executeTakeFirst())?.s ?? 0);
      await following.refresh();
      await new Promise((r) => setTimeout(r, 200));
      await following.refresh();
      expect(await seconds()).toBe(0);
      await leading.refresh();
      await new Promise((r) => setTimeout(r, 200));
      await leading.refresh();
      expect(await seconds()).toBeGreaterThan(0.1);
    } finally {
      leading.stop();
      following.stop();
    }
  });
});
