/**
 * The writer switch itself, on a plan that allowed it: graceful (old writer read-only, wait for the
 * candidate, candidate writable, publish) or emergency (fence in the background, candidate
 * applies what it received, writable, publish); then repoint the plain replicas and run hooks.
 * Every step is timed and stored as it ends; a failure before the publish rolls back.
 */
import { ApiError } from "@/lib/errors";
import type { Caller } from "@/lib/auth";
import { readReplication, readVariables } from "@/lib/mysql";
import { readBinlogPosition, readOnlyWords, setReadOnlyWithin } from "@/lib/mysql/failover";
import { announceWriter, getPublishedWriter, hookStepDetail, publishWriter } from "@/lib/writer";
import { waitForCoordinates, waitForPosition, waitForRelayApplied } from "./catch-up";
import { failoverContext, type FailoverDeps } from "./deps";
import { cancelFence, pendingFences, startFence } from "./fence";
import { gtidMissing } from "./gtid";
import type { FleetProbe } from "./probe";
import { repointReplicas } from "./repoint";
import { READ_ONLY_TIMEOUT_MS, rollback, type SwitchProgress } from "./rollback";
import { holdLease } from "./lease";
import { finishRun } from "./runs";
import { hookAudit, messageOf, StepLog, stepSummary } from "./step-log";
import type { FailoverPlan, FailoverRun } from "./types";

/** Run the switch a plan allowed, as run `run` of this console (see createRun); throws ApiError 503 with the run after a rollback. */
export async function executeSwitch(run: FailoverRun, plan: FailoverPlan, probe: FleetProbe, caller: Caller, deps: FailoverDeps, auditParams: Record<string, unknown>): Promise<FailoverRun> {
  const { db } = await failoverContext(deps);
  auditParams.runId = run.id;
  // The run is this console's while it renews the lease; if the console dies, recovery takes over.
  const release = holdLease(run.id, db);
  try {
    return await runSteps(run.id, plan, probe, caller, deps, auditParams);
  } finally {
    release();
  }
}

async function runSteps(runId: number, plan: FailoverPlan, probe: FleetProbe, caller: Caller, deps: FailoverDeps, auditParams: Record<string, unknown>): Promise<FailoverRun> {
  const { config, db } = await failoverContext(deps);
  const W = probe.byId(plan.writer)!;
  const C = probe.byId(plan.candidate)!;
  const log = new StepLog(runId, db);
  // A fence left over from an earlier emergency must not touch the server this switch promotes.
  cancelFence(C.id);

  const progress: SwitchProgress = { oldWriterReadOnly: false, candidateWritable: false, published: false };
  let fenceWanted = plan.mode === "emergency";
  try {
    if (plan.mode === "graceful") {
      await log.run("old_writer_read_only", `Set ${W.id} read-only`, async () => {
        // Flagged first: a timeout may leave it read-only without an answer, and the rollback must undo that.
        progress.oldWriterReadOnly = true;
        await setReadOnlyWithin(W.conn!, W.dialect!, true, READ_ONLY_TIMEOUT_MS);
        return { detail: `${readOnlyWords(W.dialect!)} ON: ${W.id} refuses application writes from now on` };
      });
      const usingGtid = !!C.replication[0]?.usingGtid;
      type FinalPosition = { gtid: string | null; coords: { file: string; position: number } | null };
      const target = await log.run<FinalPosition>("final_position", `Read ${W.id}'s final binary log position`, async () => {
        if (usingGtid) {
          const v = await readVariables(W.conn!, 1500);
          const pos = v.gtidExecuted ?? "";
          return { detail: `${W.id} stopped at GTID ${pos || "(empty)"}`, value: { gtid: pos, coords: null } };
        }
        const coords = await readBinlogPosition(W.conn!, W.dialect!, 1500);
        if (!coords) throw new Error(`${W.id} reports no binary log position`);
        return { detail: `${W.id} stopped at ${coords.file}:${coords.position}`, value: { gtid: null, coords } };
      });
      const timeout = config.failover.catchUpTimeoutMs;
      await log.run("wait_catch_up", `Wait up to ${timeout / 1000} s until ${C.id} has applied it`, async () => {
        const r = target?.gtid != null
          ? await waitForPosition(C.conn!, C.dialect!, target.gtid, timeout)
          : await waitForCoordinates(C.conn!, C.dialect!, target!.coords!, timeout);
        return { detail: `${C.id} caught up in ${r.waitedMs} ms (at ${r.position})` };
      });
    } else {
      await log.run("fence_old_writer", `Set ${W.id} read-only when it answers`, async () => {
        startFence(W.server, {
          // Until the publish, keep trying; after it, only while W is not the writer again.
          stillWriter: async () => fenceWanted && (!progress.published || (await getPublishedWriter(db, plan.cluster?.serverIds))?.id !== W.id),
          actor: caller.name,
          runId: runId,
        });
        return { detail: `${W.id} does not answer; trying in the background every 2 s to set it read-only, without waiting for it`, status: "warning" };
      });
      const timeout = config.failover.catchUpTimeoutMs;
      await log.run("wait_applied_received", `Wait up to ${timeout / 1000} s until ${C.id} has applied what it received`, async () => {
        const [channel] = await readReplication(C.conn!, C.dialect!, 1500);
        if (channel?.usingGtid) {
          const received = channel.retrievedGtidSet ?? "";
          const r = await waitForPosition(C.conn!, C.dialect!, received, timeout);
          const lastKnown = W.variables?.gtidExecuted ?? null;
          let missing = "";
          if (lastKnown) {
            const n = gtidMissing(lastKnown, r.position);
            missing = n > 0 ? `; ${n} transaction(s) of ${W.id}'s last known position ${lastKnown} are missing` : `; nothing of ${W.id}'s last known position ${lastKnown} is missing`;
          }
          return { detail: `${C.id} applied everything it received in ${r.waitedMs} ms (at ${r.position})${missing}` };
        }
        const r = await waitForRelayApplied(C.conn!, C.dialect!, timeout);
        return { detail: `${C.id} applied its relay log up to ${r.position} in ${r.waitedMs} ms` };
      });
    }

    await log.run("candidate_writable", `Make ${C.id} writable`, async () => {
      progress.candidateWritable = true;
      await setReadOnlyWithin(C.conn!, C.dialect!, false, READ_ONLY_TIMEOUT_MS);
      return { detail: `${readOnlyWords(C.dialect!)} OFF on ${C.id}` };
    });
    await log.run("publish", `Publish ${C.id} as the writer`, async () => {
      const r = await publishWriter(C.id, { actor: caller.name, runId: runId }, { config, db, writeFile: plan.cluster?.first !== false });
      progress.published = true;
      return {
        detail: `GET /api/topology/writer now answers ${C.id} (${r.writer.host}:${r.writer.port})` + (r.filePath ? (r.fileError ? `; writer file ${r.filePath} NOT written: ${r.fileError}` : `; written to ${r.filePath}`) : ""),
        status: r.fileError ? "warning" : "ok",
        value: r.writer,
      };
    });
  } catch (err) {
    fenceWanted = false;
    if (plan.mode === "emergency") cancelFence(W.id);
    await rollback(log, W, C, progress);
    const message = `Failover to ${C.id} failed at "${log.steps.find((s) => s.status === "failed")?.label ?? "a step"}": ${messageOf(err)}. Rolled back: ${W.id} is still the published writer.`;
    const finished = await finishRun(runId, "rolled_back", message, log.steps, db);
    auditParams.steps = stepSummary(log.steps);
    throw new ApiError("unavailable", message, { run: finished });
  }

  // The writer has moved; what follows cannot undo it and only reports.
  await log.run("repoint_replicas", `Repoint the plain replicas to ${C.id}`, () => repointReplicas(plan, probe, C));
  await log.run("hooks", `Run hooks`, async () => {
    const writer = (await getPublishedWriter(db, plan.cluster?.serverIds))!;
    const results = await announceWriter(writer, { previousId: W.id, mode: plan.mode, clusterId: plan.cluster?.id ?? null }, config);
    if (!results.length) return { detail: "no hooks configured", status: "skipped" };
    // Command text and output only in the audit entry (operators); the step is read by viewers.
    auditParams.hooks = hookAudit(results);
    return { detail: hookStepDetail(results), status: results.some((r) => !r.ok) ? "warning" : "ok" };
  });
  if (plan.mode === "emergency") {
    const fencing = pendingFences().includes(W.id);
    log.steps.find((s) => s.name === "fence_old_writer")!.detail += fencing ? ` (still trying at the end of the switch)` : ` (done: ${W.id} answered)`;
  }
  const warnings = log.steps.filter((s) => s.status === "warning").map((s) => s.label);
  const message = `${C.id} is the writer${warnings.length ? `; see: ${warnings.join(", ")}` : ""}`;
  auditParams.steps = stepSummary(log.steps);
  return await finishRun(runId, "ok", message, log.steps, db);
}
