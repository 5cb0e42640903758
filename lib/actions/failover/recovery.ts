/**
 * Recovering a switch whose console died mid-way (killed, crashed, host lost). The run is marked
 * interrupted at once, so it never blocks the next switch, and the fleet is brought back to one
 * writer where that is safe:
 * - the candidate was never made writable: the old writer takes writes again, if it answers;
 * - the candidate was made writable: the switch is finished (published, announced, replicas
 *   repointed, old writer read-only or fenced);
 * - the candidate was already published: nothing is undone;
 * - the candidate may be writable but does not answer: nothing is touched, and the words say so.
 * Whether the candidate was made writable is asked of the candidate itself, not only of the run's
 * log, which a store that failed mid-switch may have left behind.
 * Audited, and said in words in the run's message, which the dashboard and the Failover page show.
 *
 * On a store shared by several consoles the leading console recovers (lib/leader): the claim is a
 * compare-and-set anyway, but one console watching is enough, and a fence the recovery leaves
 * running in the background is the leader's. A console on a store of its own always leads.
 */
import { recordAudit } from "@/lib/audit";
import { isLeader, onLeadershipChange } from "@/lib/leader";
import { setReadOnlyWithin } from "@/lib/mysql/failover";
import { announceWriter, getPublishedWriter, hookStepDetail, publishWriter } from "@/lib/writer";
import { failoverContext, type FailoverDeps } from "./deps";
import { startFence } from "./fence";
import { holdLease, LEASE_RENEW_MS } from "./lease";
import { probeFleet, type FleetProbe, type LiveProbe } from "./probe";
import { repointReplicas } from "./repoint";
import { READ_ONLY_TIMEOUT_MS } from "./rollback";
import { claimOrphan, orphanedRuns, recordRecovery } from "./runs";
import { hookAudit, messageOf } from "./step-log";
import type { FailoverRun, FailoverStep, StepStatus } from "./types";
import { processSlot } from "@/lib/process-singleton";

const ACTOR = "hotseat (recovery)";

export type RecoveryAction = "restore_old_writer" | "finish_publish" | "already_published" | "candidate_unknown";

/** What the servers and the store say now, beside the run's own log (which a failing store may have left behind). */
export interface LiveState {
  /** the candidate's read_only now; null when it does not answer */
  candidateReadOnly: boolean | null;
  /** the published writer was published by this run */
  publishedByRun: boolean;
}

/** What is safe for a run that stopped where its steps say, given what the fleet says now. Pure. */
export function recoveryFor(run: Pick<FailoverRun, "steps">, live: LiveState): RecoveryAction {
  const began = (name: string) => run.steps.some((s) => s.name === name);
  if (live.publishedByRun || run.steps.some((s) => s.name === "publish" && s.status === "ok")) return "already_published";
  // A rollback under way had decided already: undo.
  if (run.steps.some((s) => s.name.startsWith("rollback_"))) return "restore_old_writer";
  // The candidate itself says whether it was made writable; the log only where it cannot be asked.
  if (live.candidateReadOnly === false) return "finish_publish";
  if (live.candidateReadOnly === true) return "restore_old_writer";
  return began("candidate_writable") ? "candidate_unknown" : "restore_old_writer";
}

/** Where the switch stopped, in words. */
function whereStopped(run: FailoverRun): string {
  const last = run.steps.at(-1);
  return last ? `during "${last.label}"` : "before its first step";
}

async function setWritable(p: LiveProbe | undefined, writable: boolean): Promise<void> {
  if (!p?.conn || !p.dialect) throw new Error(`${p?.id ?? "the server"} does not answer${p?.error ? `: ${p.error}` : ""}`);
  await setReadOnlyWithin(p.conn, p.dialect, !writable, READ_ONLY_TIMEOUT_MS);
}

type Outcome = { status: StepStatus; detail: string };

async function restoreOldWriter(run: FailoverRun, probe: FleetProbe): Promise<Outcome> {
  const W = run.from;
  const C = probe.byId(run.to);
  if (!W) return { status: "failed", detail: `${run.to} was never made writable; no old writer is recorded, so nothing was undone` };
  try {
    // A rollback that had begun may have left the candidate writable: read-only first, never two writers.
    if (C?.variables?.readOnly === false) await setWritable(C, false);
    await setWritable(probe.byId(W), true);
    return { status: "ok", detail: `${run.to} was never made writable, so the switch was undone: ${W} takes writes again and stays the published writer` };
  } catch (err) {
    return {
      status: "failed",
      detail: `${run.to} was never made writable, but ${W} could not be made writable again (${messageOf(err)}): the fleet may have no writer; switch again (emergency) to ${run.to}`,
    };
  }
}

async function finishPublish(run: FailoverRun, probe: FleetProbe, deps: FailoverDeps, audit: Record<string, unknown>): Promise<Outcome> {
  const { config, db } = await failoverContext(deps);
  const W = run.from;
  const C = probe.byId(run.to);
  const published = await publishWriter(run.to, { actor: ACTOR, runId: run.id }, { config, db, writeFile: run.plan?.cluster?.first !== false });
  const parts = [`${run.to} had been made writable, so the switch was finished: ${run.to} is published as the writer`];
  if (published.fileError) parts.push(`writer file NOT written: ${published.fileError}`);
  const old = probe.byId(W);
  if (old) {
    try {
      await setWritable(old, false);
      parts.push(`${old.id} is read-only`);
    } catch {
      startFence(old.server, { stillWriter: async () => (await getPublishedWriter(db, run.plan?.cluster?.serverIds))?.id !== old.id, actor: ACTOR, runId: run.id });
      parts.push(`${old.id} does not answer: it is set read-only as soon as it does`);
    }
  }
  if (run.plan && C) parts.push((await repointReplicas(run.plan, probe, C)).detail);
  const hooks = await announceWriter(published.writer, { previousId: W, mode: run.mode, clusterId: run.plan?.cluster?.id ?? null }, config);
  if (hooks.length) {
    audit.hooks = hookAudit(hooks);
    parts.push(hookStepDetail(hooks));
  }
  return { status: "ok", detail: parts.join("; ") };
}

/** Mark one orphaned run interrupted and recover the fleet from it; null when another console took it first. */
async function recoverRun(orphan: FailoverRun & { owner: string | null }, deps: FailoverDeps): Promise<FailoverRun | null> {
  const { db } = await failoverContext(deps);
  const stopped = `Interrupted: the console running this switch stopped ${whereStopped(orphan)}`;
  const run = await claimOrphan(orphan.id, orphan.owner, `${stopped}; recovering`, db);
  if (!run) return null;
  // While it recovers, no switch starts: the run is in flight under this console's lease.
  const release = holdLease(run.id, db);
  try {
    return await recoverClaimed(run, orphan, stopped, deps);
  } finally {
    release();
  }
}

async function recoverClaimed(run: FailoverRun, orphan: FailoverRun & { owner: string | null }, stopped: string, deps: FailoverDeps): Promise<FailoverRun> {
  const { config, db } = await failoverContext(deps);
  const started = Date.now();
  const audit: Record<string, unknown> = { runId: run.id, owner: orphan.owner, stoppedAt: run.steps.at(-1)?.name ?? null };
  const step: FailoverStep = { name: "recover", label: "Recover the interrupted switch", status: "running", startedAt: new Date(started).toISOString(), durationMs: null, detail: null };
  const probe = await probeFleet(config);
  let outcome: Outcome;
  let action: RecoveryAction = "candidate_unknown";
  try {
    const candidate = probe.byId(run.to);
    action = recoveryFor(run, {
      candidateReadOnly: candidate?.reachable ? (candidate.variables?.readOnly ?? null) : null,
      publishedByRun: (await getPublishedWriter(db, run.plan?.cluster?.serverIds))?.runId === run.id,
    });
    if (action === "already_published")
      outcome = { status: "warning", detail: `${run.to} had already been published as the writer; the steps after that may not have run (replicas may still follow ${run.from ?? "the old writer"})` };
    else if (action === "candidate_unknown")
      outcome = { status: "failed", detail: `${run.to} may have been made writable but does not answer (${candidate?.error ?? "unknown"}): nothing was changed; check ${run.to} and ${run.from ?? "the old writer"}, then switch again` };
    else outcome = action === "restore_old_writer" ? await restoreOldWriter(run, probe) : await finishPublish(run, probe, deps, audit);
  } catch (err) {
    outcome = { status: "failed", detail: `recovery failed: ${messageOf(err)}` };
  } finally {
    probe.close();
  }
  audit.action = action;
  Object.assign(step, outcome, { durationMs: Date.now() - started });
  const words = `${stopped}. Recovery: ${outcome.detail}.${outcome.status === "failed" ? "" : " You can switch again now."}`;
  const recovered = await recordRecovery(run.id, words, [...run.steps, step], db);
  await recordAudit({
    actor: ACTOR,
    role: null,
    action: "failover.recover",
    serverId: action === "restore_old_writer" ? run.from : run.to,
    params: audit,
    result: outcome.status === "failed" ? "error" : "ok",
    error: outcome.status === "failed" ? outcome.detail : null,
    durationMs: Date.now() - started,
  }, db);
  return recovered;
}

const recoveryPass = processSlot<Promise<FailoverRun[]>>("__hotseatFailoverRecovery");
const recoveryWatch = processSlot<{ timer: NodeJS.Timeout; unsubscribe: () => void }>("__hotseatFailoverRecoveryWatch");

/**
 * Recover every run whose owner is gone, when this console leads (else nothing: the leader does).
 * One pass at a time per process; a second caller waits for the pass in flight.
 */
export function recoverInterruptedRuns(deps: FailoverDeps = {}): Promise<FailoverRun[]> {
  if (!isLeader()) return recoveryPass.get() ?? Promise.resolve([]);
  if (!recoveryPass.get()) {
    const pass = (async () => {
      const recovered: FailoverRun[] = [];
      for (const orphan of await orphanedRuns((await failoverContext(deps)).db)) {
        if (!isLeader()) break; // led no longer: the new leader takes the rest
        const run = await recoverRun(orphan, deps);
        if (run) recovered.push(run);
      }
      return recovered;
    })();
    recoveryPass.set(pass);
    const done = () => {
      if (recoveryPass.get() === pass) recoveryPass.set(undefined);
    };
    pass.then(done, done);
  }
  return recoveryPass.get()!;
}

/**
 * At start-up: recover at once what a previous start of this console left running, then keep
 * watching for runs of other consoles (a shared store) whose lease runs out, and look again the
 * moment this console becomes the leader.
 */
export function startFailoverRecovery(deps: FailoverDeps = {}): Promise<FailoverRun[]> {
  if (!recoveryWatch.get()) {
    const pass = () => {
      recoverInterruptedRuns(deps).catch((err) => console.error("[hotseat] failover recovery failed:", err));
    };
    const timer = setInterval(pass, LEASE_RENEW_MS);
    timer.unref();
    const unsubscribe = onLeadershipChange((leader) => {
      if (leader) pass();
    });
    recoveryWatch.set({ timer, unsubscribe });
  }
  return recoverInterruptedRuns(deps);
}
