import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openStore, type StoreDb } from "@/lib/store";
import { consoleOwner, ownerIsGone } from "./lease";
import { recoveryFor } from "./recovery";
import { claimOrphan, createRun, finishRun, orphanedRuns, runInFlight } from "./runs";
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
  const dirs: string[] = [];
  const dbs: StoreDb[] = [];
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const store = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-lease-"));
    dirs.push(dir);
    const db = openStore(path.join(dir, "hotseat.db"));
    dbs.push(db);
    return db;
  };
  const plan = {} as FailoverPlan;
  const start = (db: StoreDb, owner: string) => createRun({ actor: "oncall", mode: "graceful", from: "db1", to: "db2", plan }, db, owner);

  it("blocks a second switch only while the owner lives and renews its lease", () => {
    const db = store();
    const me = consoleOwner();
    const mine = start(db, me);
    expect(runInFlight(db, me)?.id).toBe(mine.id);
    expect(orphanedRuns(db, me)).toEqual([]);
    finishRun(mine.id, "ok", "done", [], db);
    expect(runInFlight(db, me)).toBeNull();

    // Another console on another host, lease still running: in flight, not orphaned.
    const theirs = start(db, "other-host:7:2026-01-01T00:00:00.000Z:beef");
    expect(runInFlight(db, me)?.id).toBe(theirs.id);
    expect(orphanedRuns(db, me)).toEqual([]);
    // Its lease runs out: any console may recover it, and it no longer blocks.
    db.prepare(`UPDATE failover_runs SET lease_expires_at = ? WHERE id = ?`).run("2020-01-01T00:00:00.000Z", theirs.id);
    expect(runInFlight(db, me)).toBeNull();
    expect(orphanedRuns(db, me).map((r) => r.id)).toEqual([theirs.id]);
  });

  it("hands a dead owner's run to exactly one recovering console", () => {
    const db = store();
    const [host] = consoleOwner().split(":");
    const dead = `${host}:2147483646:2026-01-01T00:00:00.000Z:dead`;
    const run = start(db, dead);
    expect(runInFlight(db)).toBeNull();
    expect(orphanedRuns(db).map((r) => r.id)).toEqual([run.id]);
    const claimed = claimOrphan(run.id, dead, "Interrupted", db, "console-a");
    expect(claimed).toMatchObject({ id: run.id, status: "interrupted", message: "Interrupted" });
    expect(claimOrphan(run.id, dead, "Interrupted", db, "console-b")).toBeNull();
    expect(orphanedRuns(db)).toEqual([]);
    // The stalled owner coming back cannot overwrite what the recovery wrote.
    expect(finishRun(run.id, "ok", "late", [], db)).toMatchObject({ status: "interrupted", message: "Interrupted" });
  });
});
