import { expect, it } from "vitest";
import { ApiError } from "@/lib/errors";
import { cancelWindow, createWindow, getMaintenance, getWindow, lastSwitchChange, listWindows, setMaintenanceSwitch } from "@/lib/maintenance";
import { claimApplied, readApplied } from "@/lib/maintenance/state";
import { clearOverride, listOverrides, readHistory, recordSpan, setOverride } from "@/lib/status";
import { getPublishedWriter, storePublishedWriter } from "@/lib/writer";
import { describeEachEngine } from "./store-engines";

/**
 * The store functions of maintenance, the status page and the published writer, run once on the
 * embedded SQLite and once on PostgreSQL: what is written is read back, and the compare-and-set
 * cases hold when two callers race (on PostgreSQL each on its own connection of the pool).
 */
const T0 = new Date("2026-03-02T10:00:00.000Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();

async function refused(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describeEachEngine("maintenance, status and writer in the store", (fresh) => {
  it("switches maintenance on and off, keeping since while on, and says who changed it", async () => {
    const db = await fresh();
    expect(await getMaintenance(T0, db)).toEqual({ enabled: false, message: null, since: null, until: null, source: null, windowId: null });
    expect(await lastSwitchChange(db)).toEqual({ at: null, by: null });

    const on = await setMaintenanceSwitch({ enabled: true, message: "Upgrading", until: iso(30) }, "oncall", T0, db);
    expect(on).toEqual({ enabled: true, message: "Upgrading", since: iso(0), until: iso(30), source: "manual", windowId: null });
    const again = await setMaintenanceSwitch({ enabled: true, message: "Still upgrading" }, "cto", at(5), db);
    expect(again).toMatchObject({ message: "Still upgrading", since: iso(0), until: null });
    expect(await lastSwitchChange(db)).toEqual({ at: iso(5), by: "cto" });

    expect((await refused(setMaintenanceSwitch({ enabled: true, until: iso(-1) }, "oncall", T0, db))).code).toBe("bad_request");
    const off = await setMaintenanceSwitch({ enabled: false }, "oncall", at(10), db);
    expect(off.enabled).toBe(false);
    expect(await getMaintenance(at(10), db)).toMatchObject({ enabled: false, source: null });
  });

  it("schedules windows: upcoming, active by the clock, ended; overlaps refused, also when consoles race", async () => {
    const db = await fresh();
    const w = await createWindow({ startsAt: iso(60), endsAt: iso(120), message: "disk" }, "oncall", T0, db);
    expect(w).toMatchObject({ status: "upcoming", startsAt: iso(60), endsAt: iso(120), createdBy: "oncall", createdAt: iso(0) });
    expect((await getMaintenance(at(59), db)).enabled).toBe(false);
    expect(await getMaintenance(at(61), db)).toEqual({ enabled: true, message: "disk", since: iso(60), until: iso(120), source: "schedule", windowId: w.id });
    expect((await getMaintenance(at(120), db)).enabled).toBe(false);
    expect((await getWindow(w.id, at(130), db))?.status).toBe("ended");

    const clash = await refused(createWindow({ startsAt: iso(90), endsAt: iso(150) }, "oncall", T0, db));
    expect(clash).toMatchObject({ code: "conflict", details: { rule: "windows_overlap", windowId: w.id } });
    expect((await refused(createWindow({ startsAt: iso(-20), endsAt: iso(-10) }, "oncall", T0, db))).code).toBe("bad_request");
    await createWindow({ startsAt: iso(120), endsAt: iso(130) }, "oncall", T0, db); // touching is fine

    // Consoles scheduling overlapping windows at once: one gets the slot, the others a 409.
    for (let round = 0; round < 8; round++) {
      const base = 1000 + round * 1000;
      const race = await Promise.allSettled(
        [0, 10, 20, 30].map((offset) => createWindow({ startsAt: iso(base + offset), endsAt: iso(base + offset + 60) }, `console-${offset}`, T0, db)),
      );
      expect(race.filter((r) => r.status === "fulfilled"), `round ${round}`).toHaveLength(1);
      for (const r of race) if (r.status === "rejected") expect((r.reason as ApiError).code).toBe("conflict");
    }
    expect((await listWindows(T0, {}, db)).length).toBe(2 + 8);
  });

  it("cancels a window once (compare-and-set), refuses an unknown or finished one, and lists past ones", async () => {
    const db = await fresh();
    const a = await createWindow({ startsAt: iso(10), endsAt: iso(20) }, "oncall", T0, db);
    const b = await createWindow({ startsAt: iso(30), endsAt: iso(40) }, "oncall", T0, db);
    const race = await Promise.allSettled([cancelWindow(a.id, "one", T0, db), cancelWindow(a.id, "two", T0, db)]);
    expect(race.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const won = (race.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<Awaited<ReturnType<typeof cancelWindow>>>).value;
    expect(won).toMatchObject({ id: a.id, status: "cancelled", cancelledAt: iso(0) });
    expect((await getWindow(a.id, T0, db))?.cancelledBy).toBe(won.cancelledBy);
    expect(await refused(cancelWindow(a.id, "x", T0, db))).toMatchObject({ code: "conflict", message: `Window #${a.id} is already cancelled` });
    expect(await refused(cancelWindow(b.id, "x", at(45), db))).toMatchObject({ code: "conflict", message: `Window #${b.id} is already ended` });
    expect((await refused(cancelWindow(999_999, "x", T0, db))).code).toBe("not_found");

    // open first, then the latest finished or cancelled
    const listed = await listWindows(at(35), { recent: 5 }, db);
    expect(listed.map((w) => [w.id, w.status])).toEqual([
      [b.id, "active"],
      [a.id, "cancelled"],
    ]);
    expect((await listWindows(at(45), { recent: 0 }, db)).length).toBe(0);
  });

  it("turning the switch off ends a window in force", async () => {
    const db = await fresh();
    const w = await createWindow({ startsAt: iso(0), endsAt: iso(60) }, "oncall", T0, db);
    expect((await getMaintenance(at(1), db)).source).toBe("schedule");
    await setMaintenanceSwitch({ enabled: false }, "cto", at(2), db);
    expect((await getMaintenance(at(3), db)).enabled).toBe(false);
    expect(await getWindow(w.id, at(3), db)).toMatchObject({ status: "cancelled", cancelledBy: "cto", cancelledAt: iso(2) });
  });

  it("records what the hooks applied with compare-and-set: of two claims of one change, one wins", async () => {
    const db = await fresh();
    expect(await readApplied(db)).toEqual({ raw: null, state: null });
    const on = await setMaintenanceSwitch({ enabled: true }, "oncall", T0, db);
    const claims = await Promise.all([claimApplied(null, on, db), claimApplied(null, on, db)]);
    expect(claims.sort()).toEqual([false, true]);
    const applied = await readApplied(db);
    expect(applied.state).toEqual(on);
    const off = await setMaintenanceSwitch({ enabled: false }, "oncall", at(1), db);
    expect(await claimApplied(null, off, db)).toBe(false);
    expect(await claimApplied(applied.raw, off, db)).toBe(true);
    expect((await readApplied(db)).state).toEqual(off);
  });

  it("keeps status overrides: set, replace, expire, clear", async () => {
    const db = await fresh();
    await setOverride({ component: "website", status: "major_outage", note: "CDN down", until: null, by: "oncall" }, db);
    await setOverride({ component: "database-reads", status: "degraded_performance", note: null, until: new Date(Date.now() + 60_000).toISOString(), by: "cto" }, db);
    expect((await listOverrides(Date.now(), db)).map((o) => [o.component, o.status, o.setBy])).toEqual([
      ["database-reads", "degraded_performance", "cto"],
      ["website", "major_outage", "oncall"],
    ]);
    await setOverride({ component: "website", status: "partial_outage", note: "CDN slow", until: null, by: "cto" }, db);
    expect((await listOverrides(Date.now(), db)).find((o) => o.component === "website")).toMatchObject({ status: "partial_outage", note: "CDN slow", setBy: "cto" });
    // past its `until` an override is ignored
    expect((await listOverrides(Date.now() + 120_000, db)).map((o) => o.component)).toEqual(["website"]);
    expect(await clearOverride("website", db)).toBe(true);
    expect(await clearOverride("website", db)).toBe(false);
    expect((await listOverrides(Date.now(), db)).map((o) => o.component)).toEqual(["database-reads"]);
  });

  it("adds status history spans per day, split at midnight, also when written at once", async () => {
    const db = await fresh();
    const day = Date.parse("2026-03-02T00:00:00Z");
    await recordSpan({ website: "operational", "database-writes": "major_outage" }, day - 1800_000, day + 1800_000, db);
    await Promise.all([
      recordSpan({ website: "partial_outage" }, day + 3600_000, day + 7200_000, db),
      recordSpan({ website: "partial_outage" }, day + 7200_000, day + 10_800_000, db),
      recordSpan({ website: "under_maintenance" }, day + 10_800_000, day + 11_700_000, db),
    ]);
    const [website, writes] = await readHistory(["website", "database-writes"], day + 12 * 3600_000, 2, db);
    expect(website.days.map((d) => d.day)).toEqual(["2026-03-01", "2026-03-02"]);
    expect(website.days[0]).toMatchObject({ uptimePercent: 100, worst: "operational", maintenanceSeconds: 0 });
    // today: 30 min up, 2 h partial (30 % down), 15 min maintenance left out
    expect(website.days[1].worst).toBe("partial_outage");
    expect(website.days[1].maintenanceSeconds).toBe(900);
    expect(website.days[1].uptimePercent).toBeCloseTo((100 * (9000 - 0.3 * 7200)) / 9000, 6);
    expect(writes.days.map((d) => d.uptimePercent)).toEqual([0, 0]);
    expect(website.daysWithData).toBe(2);
  });

  it("publishes a writer per cluster and reads it back, the latest of a cluster's servers its writer", async () => {
    const db = await fresh();
    const shop = ["db1", "db2"];
    const auth = ["db5", "db6"];
    const addr = (id: string) => ({ id, host: `10.0.0.${id.slice(2)}`, port: 3306 });
    expect(await getPublishedWriter(db, shop)).toBeNull();
    expect(await getPublishedWriter(db, [])).toBeNull();

    await storePublishedWriter(addr("db1"), { actor: "setup" }, db);
    await storePublishedWriter(addr("db6"), { actor: "setup", runId: 4 }, db);
    expect(await getPublishedWriter(db, shop)).toMatchObject({ id: "db1", host: "10.0.0.1", port: 3306, publishedBy: "setup", runId: null });
    expect(await getPublishedWriter(db, auth)).toMatchObject({ id: "db6", runId: 4 });
    expect((await getPublishedWriter(db))?.id).toBe("db6"); // the latest of any cluster

    await storePublishedWriter(addr("db2"), { actor: "oncall", runId: 9 }, db);
    expect(await getPublishedWriter(db, shop)).toMatchObject({ id: "db2", publishedBy: "oncall", runId: 9 });
    expect((await getPublishedWriter(db, auth))?.id).toBe("db6"); // another cluster is untouched
    // back to a server published before: it becomes the latest again
    await storePublishedWriter(addr("db1"), { actor: "back" }, db);
    expect(await getPublishedWriter(db, shop)).toMatchObject({ id: "db1", publishedBy: "back" });
  });

  it("gives racing publishes distinct places in the publish order", async () => {
    const db = await fresh();
    const addr = (id: string) => ({ id, host: "127.0.0.1", port: 3306 });
    // publishes at once never tie: each takes its own place in the order
    await Promise.all(["db4", "db5", "db6", "db7"].map((id) => storePublishedWriter(addr(id), { actor: "x" }, db)));
    const seqs = (await db.selectFrom("published_writers").select("seq").execute()).map((r) => r.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
  });
});
