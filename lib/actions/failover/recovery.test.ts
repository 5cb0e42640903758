import os from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "@/lib/store";
import { tempStores } from "@/lib/store/temp-store";
import { consoleOwner, ownerIsGone } from "./lease";
import type { HotSeatConfig } from "@/lib/config";
import { setLeader } from "@/lib/leader";
import { recoverInterruptedRuns, recoveryFor } from "./recovery";
import { claimOrphan, createRun, finishRun, lastRunId, orphanedRuns, recordRecovery, runInFlight } from "./runs";
import type { FailoverPlan, FailoverStep } from "./types";

const step = (name: string, status: FailoverStep["status"] = "ok"): FailoverStep => ({ name, label: name, status, startedAt: "2026-01-01T00:00:00Z", durationMs: 1, detail: null });

describe("recoveryFor", () => {
  const readOnly = { candidateReadOnly: true, publishedByRun: false };
  const writable = { candidateReadOnly: false, publishedByRun: false };
  const silent = { candidateReadOnly: null, publishedByRun: false };
  const waiting = [step("old_writer_read_only"), step("final_position"), step("wait_catch_up", "running")];

  it("undoes a switch whose candidate was never made writable", () => {
    expect(recoveryFor({ steps: [] }, readOnly)).toBe("restore_old_writer");
    expect(recoveryFor({ steps: waiting }, readOnly)).toBe("restore_old_writer");
    expect(recoveryFor({ steps: [step("fence_old_writer", "warning"), step("wait_applied_received", "running")] }, silent)).toBe("restore_old_writer");
    // The SET may never have run: the candidate's own read_only decides.
    expect(recoveryFor({ steps: [...waiting, step("candidate_writable", "running")] }, readOnly)).toBe("restore_old_writer");
  });

  it("finishes the publish once the candidate is writable, even when the log fell behind", () => {
    expect(recoveryFor({ steps: [step("old_writer_read_only"), step("candidate_writable", "running")] }, writable)).toBe("finish_publish");
    expect(recoveryFor({ steps: [step("candidate_writable"), step("publish", "running")] }, writable)).toBe("finish_publish");
    expect(recoveryFor({ steps: waiting }, writable)).toBe("finish_publish");
  });

  it("touches nothing when the candidate may be writable and does not answer", () => {
    expect(recoveryFor({ steps: [step("candidate_writable", "running")] }, silent)).toBe("candidate_unknown");
  });

  it("keeps to a rollback that had begun, and undoes nothing after the publish", () => {
    expect(recoveryFor({ steps: [step("candidate_writable"), step("publish", "failed"), step("rollback_candidate", "running")] }, writable)).toBe("restore_old_writer");
    expect(recoveryFor({ steps: [step("candidate_writable"), step("publish"), step("repoint_replicas", "running")] }, writable)).toBe("already_published");
    expect(recoveryFor({ steps: [step("candidate_writable"), step("publish", "running")] }, { candidateReadOnly: false, publishedByRun: true })).toBe("already_published");
  });
});

describe("ownerIsGone", () => {
  const me = consoleOwner();
  const [host, pid] = me.split(":");

  it("knows a dead process of this host, and this pid's earlier start, at once", () => {
    expect(me.startsWith(`${os.hostname()}:${process.pid}:`)).toBe(true);
    expect(ownerIsGone(me, me)).toBe(false);
    expect(ownerIsGone(null, me)).toBe(true);
    expect(ownerIsGone(`${host}:${pid}:2020-01-01T00:00:00.000Z:abcd`, me)).toBe(true);
    expect(ownerIsGone(`${host}:${process.ppid}:2020-01-01T00:00:00.000Z:abcd`, me)).toBe(false); // alive: wait for its lease
    expect(ownerIsGone(`${host}:2147483646:2020-01-01T00:00:00.000Z:abcd`, me)).toBe(true);
  });

  it("never judges another host's process: that one waits for its lease", () => {
    expect(ownerIsGone(`other-host:1:2020-01-01T00:00:00.000Z:abcd`, me)).toBe(false);
  });
});

describe("runs with a lease", () => {
  const store = tempStores("lease");
  const plan = {} as FailoverPlan;
  const start = async (db: Store, owner: string, after?: number) => (await createRun({ actor: "oncall", mode: "graceful", from: "db1", to: "db2", plan }, db, owner, { after }))!;
  const expire = (db: Store, id: number) => db.updateTable("failover_runs").set({ lease_expires_at: "2020-01-01T00:00:00.000Z" }).where("id", "=", id).execute();

  it("blocks a second switch only while the owner lives and renews its lease", async () => {
    const db = await store();
    const me = consoleOwner();
    const mine = await start(db, me);
    expect((await runInFlight(db, me))?.id).toBe(mine.id);
    expect(await orphanedRuns(db, me)).toEqual([]);
    await finishRun(mine.id, "ok", "done", [], db);
    expect(await runInFlight(db, me)).toBeNull();

    // Another console on another host, lease still running: in flight, not orphaned.
    const theirs = await start(db, "other-host:7:2026-01-01T00:00:00.000Z:beef");
    expect((await runInFlight(db, me))?.id).toBe(theirs.id);
    expect(await orphanedRuns(db, me)).toEqual([]);
    // Its lease runs out: any console may recover it, and it no longer counts as in flight.
    await expire(db, theirs.id);
    expect(await runInFlight(db, me)).toBeNull();
    expect((await orphanedRuns(db, me)).map((r) => r.id)).toEqual([theirs.id]);
  });

  it("starts one switch at a time: none while one runs, is orphaned or is being recovered, none after a newer run", async () => {
    const db = await store();
    const me = consoleOwner();
    const first = await start(db, "other-host:7:2026-01-01T00:00:00.000Z:beef");
    expect(await createRun({ actor: "oncall", mode: "graceful", from: "db1", to: "db2", plan }, db, me)).toBeNull();
    await expire(db, first.id);
    // Orphaned but not yet recovered: still running, still first.
    expect(await createRun({ actor: "oncall", mode: "graceful", from: "db1", to: "db2", plan }, db, me)).toBeNull();
    const claimed = await claimOrphan(first.id, "other-host:7:2026-01-01T00:00:00.000Z:beef", "Interrupted; recovering", db, "recoverer");
    // Recovered under the recovering console's lease: in flight until the recovery is recorded.
    expect(claimed?.status).toBe("interrupted");
    expect(await runInFlight(db, me)).toMatchObject({ id: first.id, status: "interrupted" });
    expect(await createRun({ actor: "oncall", mode: "graceful", from: "db1", to: "db2", plan }, db, me)).toBeNull();
    await recordRecovery(first.id, "Interrupted. Recovery: done", [], db);
    expect(await runInFlight(db, me)).toBeNull();

    // A plan made before run `after`: no switch if another started since.
    const seen = await lastRunId(db);
    const other = await start(db, me);
    await finishRun(other.id, "ok", "done", [], db);
    expect(await createRun({ actor: "oncall", mode: "graceful", from: "db1", to: "db2", plan }, db, me, { after: seen })).toBeNull();
    expect((await start(db, me, other.id)).status).toBe("running");
  });

  it("hands a dead owner's run to exactly one recovering console", async () => {
    const db = await store();
    const [host] = consoleOwner().split(":");
    const dead = `${host}:2147483646:2026-01-01T00:00:00.000Z:dead`;
    const run = await start(db, dead);
    expect(await runInFlight(db)).toBeNull();
    expect((await orphanedRuns(db)).map((r) => r.id)).toEqual([run.id]);
    const claimed = await claimOrphan(run.id, dead, "Interrupted", db, "console-a");
    expect(claimed).toMatchObject({ id: run.id, status: "interrupted", message: "Interrupted" });
    expect(await claimOrphan(run.id, dead, "Interrupted", db, "console-b")).toBeNull();
    expect(await orphanedRuns(db)).toEqual([]);
    // The stalled owner coming back cannot overwrite what the recovery wrote.
    expect(await finishRun(run.id, "ok", "late", [], db)).toMatchObject({ status: "interrupted", message: "Interrupted" });
  });
});

describe("recovery over a shared store", () => {
  const store = tempStores("recovery-leader");
  afterEach(() => setLeader(true));

  it("is left to the leading console: a console that does not lead touches no orphan", async () => {
    const db = await store();
    const [host] = consoleOwner().split(":");
    const dead = `${host}:2147483646:2026-01-01T00:00:00.000Z:dead`;
    const run = (await createRun({ actor: "oncall", mode: "graceful", from: "db1", to: "db2", plan: {} as FailoverPlan }, db, dead))!;
    setLeader(false);
    expect(await recoverInterruptedRuns({ db, collector: null, config: { servers: [] } as unknown as HotSeatConfig })).toEqual([]);
    expect((await orphanedRuns(db)).map((r) => r.id)).toEqual([run.id]);
  });
});
