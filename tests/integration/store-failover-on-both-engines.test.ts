import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, expect, it, vi } from "vitest";
import { claimAction, releaseAction } from "@/lib/actions/claims";
import { holdLease, LEASE_RENEW_MS } from "@/lib/actions/failover/lease";
import {
  claimOrphan,
  createRun,
  finishRun,
  getRun,
  lastRunId,
  lastSuccessfulRun,
  listRuns,
  orphanedRuns,
  recordRecovery,
  runInFlight,
  saveSteps,
} from "@/lib/actions/failover/runs";
import type { FailoverPlan, FailoverStep } from "@/lib/actions/failover/types";
import { MIGRATIONS, openStore, type Store, type StoreTarget } from "@/lib/store";
import { isUniqueViolation } from "@/lib/store/errors";
import { createPgDatabase, describeEachEngine, type EngineName } from "./store-engines";

/**
 * Failover runs, their leases and recovery, and kill claims, on SQLite and on PostgreSQL. Two
 * consoles sharing a store are two handles on it (two pools on one PostgreSQL database, two
 * connections to one SQLite file): a switch asked of both at once starts once, an orphan is
 * recovered once, a kill is claimed once.
 */

const plan = { cluster: { id: "main", serverIds: ["db1", "db2"], first: true } } as unknown as FailoverPlan;
const ask = (to = "db2") => ({ actor: "oncall", mode: "graceful" as const, from: to === "db2" ? "db1" : "db2", to, plan });
const step = (name: string, status: FailoverStep["status"]): FailoverStep => ({ name, label: name, status, startedAt: new Date().toISOString(), durationMs: 1, detail: null });
const ALIVE = "other-host:7:2026-01-01T00:00:00.000Z:a1"; // another host: judged by its lease only
const PAST = "2020-01-01T00:00:00.000Z";
const expireLease = (db: Store, id: number) => db.updateTable("failover_runs").set({ lease_expires_at: PAST }).where("id", "=", id).execute();
const leaseOf = async (db: Store, id: number) => (await db.selectFrom("failover_runs").select("lease_expires_at").where("id", "=", id).executeTakeFirstOrThrow()).lease_expires_at;

/** A store target of its own on `engine`, removed after the file's tests. */
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
async function newTarget(engine: EngineName): Promise<StoreTarget> {
  if (engine === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-failover-engines-"));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    return { engine: "sqlite", file: path.join(dir, "hotseat.db") };
  }
  const database = await createPgDatabase();
  cleanups.push(database.drop);
  return { engine: "postgres", url: database.url };
}
async function open(target: StoreTarget): Promise<Store> {
  const db = await openStore(target);
  cleanups.push(() => db.destroy());
  return db;
}
/** Two consoles on one store. */
async function twoConsoles(engine: EngineName): Promise<[Store, Store]> {
  const target = await newTarget(engine);
  const a = await open(target);
  return [a, await open(target)];
}

afterEach(() => {
  vi.useRealTimers();
});

describeEachEngine("failover runs and kill claims in the store", (fresh, engine) => {
  it("stores a run as it starts, steps and finishes, and reads it back", async () => {
    const db = await fresh();
    expect(await lastRunId(db)).toBe(0);
    const run = (await createRun(ask(), db, ALIVE))!;
    expect(run).toMatchObject({ actor: "oncall", mode: "graceful", from: "db1", to: "db2", status: "running", steps: [], finishedAt: null, plan });
    expect(await lastRunId(db)).toBe(run.id);

    await saveSteps(run.id, [step("old_writer_read_only", "ok"), step("final_position", "running")], db);
    expect((await getRun(run.id, db))!.steps.map((s) => `${s.name}:${s.status}`)).toEqual(["old_writer_read_only:ok", "final_position:running"]);

    const done = await finishRun(run.id, "ok", "db2 is the writer", [step("old_writer_read_only", "ok"), step("publish", "ok")], db);
    expect(done).toMatchObject({ id: run.id, status: "ok", message: "db2 is the writer" });
    expect(done.finishedAt).not.toBeNull();
    expect(await leaseOf(db, run.id)).toBeNull();
    // Steps saved late never reach a finished run.
    await saveSteps(run.id, [], db);
    expect((await getRun(run.id, db))!.steps).toHaveLength(2);

    const back = (await createRun(ask("db1"), db, ALIVE))!;
    await finishRun(back.id, "rolled_back", "Rolled back", [], db);
    expect((await listRuns(10, db)).map((r) => [r.id, r.status])).toEqual([
      [back.id, "rolled_back"],
      [run.id, "ok"],
    ]);
    expect((await listRuns(1, db)).map((r) => r.id)).toEqual([back.id]);
    // The anti-flapping window reads the last successful switch, of a cluster when asked.
    expect((await lastSuccessfulRun(db))?.id).toBe(run.id);
    expect((await lastSuccessfulRun(db, ["db2", "db3"]))?.id).toBe(run.id);
    expect(await lastSuccessfulRun(db, ["db7"])).toBeNull();
    expect(await lastSuccessfulRun(db, [])).toBeNull();
    expect(await getRun(9999, db)).toBeNull();
  });

  it("renews the lease while the switch runs, stops once the run is no longer its own, and never revives a finished run's lease", async () => {
    const db = await fresh();
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const run = (await createRun(ask(), db, ALIVE))!;
    await expireLease(db, run.id);
    const release = holdLease(run.id, db, ALIVE);
    vi.advanceTimersByTime(LEASE_RENEW_MS);
    await vi.waitFor(async () => expect((await leaseOf(db, run.id))! > new Date().toISOString()).toBe(true), { timeout: 5000 });
    expect((await runInFlight(db))?.id).toBe(run.id);

    // Finished: the next renewal finds no lease to renew and stops.
    await finishRun(run.id, "ok", "done", [], db);
    vi.advanceTimersByTime(LEASE_RENEW_MS);
    await vi.waitFor(() => expect(vi.getTimerCount()).toBe(0), { timeout: 5000 });
    expect(await leaseOf(db, run.id)).toBeNull();
    release();

    // Taken over by a recovering console: the stalled owner's renewal changes nothing and stops.
    const second = (await createRun(ask("db1"), db, ALIVE))!;
    const stalled = holdLease(second.id, db, ALIVE);
    await expireLease(db, second.id);
    expect((await orphanedRuns(db)).map((r) => r.id)).toEqual([second.id]);
    const claimed = await claimOrphan(second.id, ALIVE, "Interrupted; recovering", db, "recoverer");
    const recoveryLease = await leaseOf(db, second.id);
    vi.advanceTimersByTime(LEASE_RENEW_MS);
    await vi.waitFor(() => expect(vi.getTimerCount()).toBe(0), { timeout: 5000 });
    expect(claimed).toMatchObject({ status: "interrupted" });
    expect(await db.selectFrom("failover_runs").select(["owner", "lease_expires_at"]).where("id", "=", second.id).executeTakeFirstOrThrow()).toEqual({
      owner: "recoverer",
      lease_expires_at: recoveryLease,
    });
    stalled();
  });

  it("recovers a run whose lease expired: orphaned, claimed by one console, in flight while it recovers, free after", async () => {
    const [a, b] = await twoConsoles(engine);
    const run = (await createRun(ask(), a, ALIVE))!;
    // Seen from the other console: in flight while its owner renews.
    expect((await runInFlight(b, "console-b"))?.id).toBe(run.id);
    expect(await orphanedRuns(b, "console-b")).toEqual([]);
    await expireLease(a, run.id);
    expect(await runInFlight(b, "console-b")).toBeNull();
    expect((await orphanedRuns(b, "console-b")).map((r) => [r.id, r.owner])).toEqual([[run.id, ALIVE]]);
    // Still blocks a new switch until it is recovered.
    expect(await createRun(ask(), b, "console-b")).toBeNull();

    // Both consoles claim it at once: one recovers it.
    const claims = await Promise.all([claimOrphan(run.id, ALIVE, "Interrupted; recovering (a)", a, "console-a"), claimOrphan(run.id, ALIVE, "Interrupted; recovering (b)", b, "console-b")]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = claims[0] ? "console-a" : "console-b";
    const stored = (await getRun(run.id, a))!;
    expect(stored.status).toBe("interrupted");
    expect(stored.message).toBe(`Interrupted; recovering (${winner.slice(-1)})`);
    expect(await orphanedRuns(a, "console-c")).toEqual([]);
    // The recovery is in flight on either console's view, and holds off a switch.
    expect(await runInFlight(b, "console-c")).toMatchObject({ id: run.id, status: "interrupted" });
    expect(await createRun(ask(), a, "console-a")).toBeNull();
    // The stalled owner coming back cannot overwrite what the recovery writes.
    expect(await finishRun(run.id, "ok", "late", [], a)).toMatchObject({ status: "interrupted" });

    const recovered = await recordRecovery(run.id, "Interrupted. Recovery: db1 takes writes again.", [step("recover", "ok")], b);
    expect(recovered).toMatchObject({ status: "interrupted", message: "Interrupted. Recovery: db1 takes writes again.", steps: [expect.objectContaining({ name: "recover" })] });
    expect(await leaseOf(a, run.id)).toBeNull();
    expect(await runInFlight(a, "console-a")).toBeNull();
    expect(await createRun(ask(), a, "console-a")).toMatchObject({ status: "running" });
  });

  it("a switch asked of two consoles at the same moment starts once", async () => {
    const [a, b] = await twoConsoles(engine);
    for (let round = 0; round < 8; round++) {
      const seen = await lastRunId(a);
      const started = await Promise.all([createRun(ask(), a, "console-a", { after: seen }), createRun(ask(), b, "console-b", { after: seen })]);
      const won = started.filter((r) => r !== null);
      expect(won, `round ${round}`).toHaveLength(1);
      expect((await a.selectFrom("failover_runs").select("id").where("status", "=", "running").execute()).map((r) => r.id)).toEqual([won[0]!.id]);
      await finishRun(won[0]!.id, "ok", "done", [], round % 2 ? a : b);
      // A plan made before that run may not start a switch any more.
      expect(await createRun(ask(), b, "console-b", { after: seen })).toBeNull();
    }
    // (PostgreSQL numbers the inserts the unique index refused too: count rows, not ids.)
    expect((await listRuns(100, b)).map((r) => r.status)).toEqual(Array(8).fill("ok"));
  });

  it("holds one running switch in the store itself: a second running row is refused as a unique violation", async () => {
    const db = await fresh();
    const row = { started_at: new Date().toISOString(), actor: "x", mode: "graceful", to_server: "db2", status: "running" as const, owner: "x", lease_expires_at: PAST };
    await db.insertInto("failover_runs").values(row).execute();
    const err = await db
      .insertInto("failover_runs")
      .values(row)
      .execute()
      .then(() => null, (e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    // Finished runs are not limited.
    await db.insertInto("failover_runs").values({ ...row, status: "ok" }).execute();
    await db.insertInto("failover_runs").values({ ...row, status: "ok" }).execute();
    expect(Number((await db.selectFrom("failover_runs").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n)).toBe(3);
  });

  it("a kill asked of two consoles at the same moment is claimed once; freed when done, free again past its expiry", async () => {
    const [a, b] = await twoConsoles(engine);
    const key = "kill:db1:42";
    const claims = await Promise.all([claimAction(key, 30_000, a), claimAction(key, 30_000, b)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    const held = claims.find(Boolean)!;
    expect(await claimAction(key, 30_000, b)).toBeNull();
    // Another thread, or another server, is another claim.
    expect(await claimAction("kill:db1:43", 30_000, b)).not.toBeNull();
    expect(await claimAction("kill:db2:42", 30_000, a)).not.toBeNull();

    await releaseAction(held, b);
    const again = (await claimAction(key, 30_000, b))!;
    expect(again.owner).not.toBe(held.owner);
    // A release by an owner that no longer holds it frees nothing.
    await releaseAction(held, a);
    expect(await claimAction(key, 30_000, a)).toBeNull();

    // A console that died mid-kill: its claim expires and may be taken over, by one console only.
    const later = Date.now() + 31_000;
    const takeovers = await Promise.all([claimAction(key, 30_000, a, later), claimAction(key, 30_000, b, later)]);
    expect(takeovers.filter(Boolean)).toHaveLength(1);
    const rows = await a.selectFrom("action_claims").selectAll().where("claim_key", "=", key).execute();
    expect(rows).toEqual([expect.objectContaining({ owner: takeovers.find(Boolean)!.owner, expires_at: new Date(later + 30_000).toISOString() })]);
    // The dead console's release, late, leaves the new claim alone.
    await releaseAction(again, b);
    expect(await a.selectFrom("action_claims").select("owner").where("claim_key", "=", key).executeTakeFirst()).toEqual({ owner: takeovers.find(Boolean)!.owner });
  });
});

describeEachEngine("migration 084 on a store from before it", (_fresh, engine) => {
  it("keeps the newest of two running switches for its recovery and marks the older interrupted", async () => {
    const target = await newTarget(engine);
    const before = await openStore(target, MIGRATIONS.filter((m) => m.id < "084"));
    const row = { started_at: new Date().toISOString(), actor: "x", mode: "graceful", to_server: "db2", status: "running" as const, owner: "x", lease_expires_at: PAST };
    await before.insertInto("failover_runs").values([row, row, { ...row, status: "ok" }]).execute();
    await before.destroy();

    const after = await open(target);
    const runs = await after.selectFrom("failover_runs").select(["id", "status", "message"]).orderBy("id").execute();
    expect(runs.map((r) => r.status)).toEqual(["interrupted", "running", "ok"]);
    expect(runs[0].message).toMatch(/another switch was running at the same time/);
    expect((await orphanedRuns(after, "me")).map((r) => r.id)).toEqual([runs[1].id]);
  });
});
