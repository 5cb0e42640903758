/**
 * The failover requests: plan (POST /api/failover/plan) and switch (POST /api/failover). Validates,
 * probes the fleet, plans on live state, refuses what a rule refuses, audits every outcome, and
 * lets one switch run at a time.
 */
import { ApiError } from "@/lib/errors";
import type { Caller } from "@/lib/auth";
import type { Store } from "@/lib/store";
import { groupClusters, replicationGraph } from "@/lib/topology";
import { currentWriter } from "@/lib/writer";
import { failoverContext, type FailoverDeps } from "./deps";
import { buildPlan } from "./plan";
import { probeFleet, type FleetProbe } from "./probe";
import { recoverInterruptedRuns } from "./recovery";
import { claimAction, releaseAction, type ActionClaim } from "../claims";
import { createRun, lastRunId, lastSuccessfulRun, orphanedRuns, runInFlight } from "./runs";
import { failoverPlanBodySchema, type Acknowledgement, type FailoverBody } from "./schema";
import { messageOf } from "./step-log";
import { executeSwitch } from "./switch";
import type { FailoverMode, FailoverPlan, FailoverRun } from "./types";
import { processSlot } from "@/lib/process-singleton";

/** Probe the fleet and plan a switch to `candidate`. Caller closes the probe. */
async function planWithProbe(
  input: { candidate: string; cluster?: string; mode?: FailoverMode; acknowledge?: Acknowledgement },
  deps: FailoverDeps,
): Promise<{ plan: FailoverPlan; probe: FleetProbe }> {
  const { config, collector, db } = await failoverContext(deps);
  if (!config.servers.some((s) => s.id === input.candidate)) throw new ApiError("not_found", `Unknown server "${input.candidate}"`);
  const topology = collector?.topology();
  if (input.cluster && topology && !topology.clusters.some((c) => c.id === input.cluster))
    throw new ApiError("not_found", `Unknown cluster "${input.cluster}"`);
  const lastKnown = collector ? new Map(collector.snapshot().servers.map((s) => [s.id, s])) : new Map();
  const probe = await probeFleet(config, (id) => lastKnown.get(id));
  // Clusters from the fresh probe, named as the collector names them (labels, then first ids).
  const groups = groupClusters(probe.servers, replicationGraph(probe.servers), {
    labels: Object.fromEntries(config.servers.map((s) => [s.id, s.cluster])),
    settings: config.clusters,
    lagCutoffSeconds: config.lagCutoffSeconds,
  });
  const group = input.cluster ? groups.find((g) => g.id === input.cluster) : groups[0];
  if (!group) {
    probe.close();
    throw new ApiError("not_found", `Unknown cluster "${input.cluster}"`);
  }
  const cluster = { id: group.id, serverIds: group.serverIds, first: group === groups[0] };
  const discovered = topology?.clusters.find((c) => c.id === group.id)?.writer ?? null;
  const writer = await currentWriter({ config, db, discovered, cluster: { ...cluster, writer: discovered } });
  const last = await lastSuccessfulRun(db, cluster.serverIds);
  const plan = buildPlan({
    candidateId: input.candidate,
    cluster,
    candidateClusterId: groups.find((g) => g.serverIds.includes(input.candidate))?.id ?? null,
    writerId: writer?.id ?? null,
    servers: probe.servers,
    mode: input.mode,
    acknowledge: input.acknowledge,
    lastSwitch: last ? { at: last.finishedAt ?? last.startedAt, from: last.from, to: last.to } : null,
    flapWindowSeconds: config.failover.flapWindowSeconds,
    catchUpTimeoutMs: config.failover.catchUpTimeoutMs,
    hookCount: config.failover.hooks?.length ?? 0,
  });
  return { plan, probe };
}

/** POST /api/failover/plan: the checks and steps, without changing anything. */
export async function planFailover(body: unknown, deps: FailoverDeps = {}): Promise<FailoverPlan> {
  const input = failoverPlanBodySchema.parse(body);
  const { plan, probe } = await planWithProbe(input, deps);
  probe.close();
  return plan;
}

// One switch at a time in this process; across consoles the store decides: a claim while the
// switch is planned, then its running run (createRun).
const busy = processSlot<boolean>("__hotseatFailoverBusy");

/** Planning probes every server: bounded by their connect and query timeouts, far below this. */
const PLAN_CLAIM_MS = 30_000;

/** The refusal of a switch another one got ahead of, on this console or another over the same store. */
function switchInProgress(message = "Another failover is running: wait for it to finish"): ApiError {
  return new ApiError("conflict", message, { rule: "failover_in_progress" });
}

export interface FailoverRequest {
  body: FailoverBody;
  caller: Caller;
  /** the route's audit entry: the switch adds what it found and did (from, runId, steps, hooks) */
  audit?: Record<string, unknown>;
}

/**
 * POST /api/failover. Returns the finished run (status ok). Throws ApiError: 404 unknown server,
 * 409 refused by a rule ({ rule, checks }; failover_in_progress while another switch runs or is
 * recovered, on any console of the store), 503 failed mid-way and rolled back ({ run }).
 */
export async function runFailover(req: FailoverRequest, deps: FailoverDeps = {}): Promise<FailoverRun> {
  const { body } = req;
  const auditParams = req.audit ?? {};
  const { db } = await failoverContext(deps);

  // A switch left running by a console that died is recovered first (by the leading console): it never blocks this one.
  await recoverInterruptedRuns(deps);
  if (busy.get()) throw switchInProgress();
  let claim: ActionClaim | null = await claimAction("failover", PLAN_CLAIM_MS, db);
  if (!claim) throw switchInProgress("Another failover is being planned (on this console or another): wait for it to finish");
  busy.set(true);
  let probe: FleetProbe | null = null;
  const unclaim = async () => {
    if (claim) await releaseAction(claim, db).catch((err) => console.error("[hotseat] could not release the failover claim:", err));
    claim = null;
  };
  try {
    await refuseWhileInFlight(db);
    // The plan is made on the fleet as it is now: its switch may start only if no other started meanwhile.
    const after = await lastRunId(db);
    const planned = await planWithProbe(body, deps);
    probe = planned.probe;
    const plan = planned.plan;
    auditParams.from = plan.writer;
    if (plan.refusal) {
      throw new ApiError("conflict", `Refused (${plan.refusal.rule}): ${plan.refusal.message}`, {
        rule: plan.refusal.rule,
        checks: plan.checks,
      });
    }
    const run = await createRun({ actor: req.caller.name, mode: plan.mode, from: plan.writer, to: plan.candidate, plan }, db, undefined, { after });
    if (!run) throw switchInProgress("Another failover started while this one was planned (on this console or another): look at its outcome, then plan again");
    // From here the running run holds the store against another switch.
    await unclaim();
    return await executeSwitch(run, plan, probe, req.caller, deps, auditParams);
  } finally {
    await unclaim();
    probe?.close();
    busy.set(false);
  }
}

/** 409 failover_in_progress, in words, while a switch or a recovery holds the store. */
async function refuseWhileInFlight(db: Store): Promise<void> {
  const running = await runInFlight(db);
  if (running?.status === "interrupted") throw switchInProgress(`The interrupted switch to ${running.to} is being recovered: wait for it to finish`);
  if (running) throw switchInProgress();
  // Left by a console that stopped: the leading console recovers it within seconds.
  const orphan = (await orphanedRuns(db))[0];
  if (orphan) throw switchInProgress(`The switch to ${orphan.to} was interrupted when its console stopped and is being recovered: try again in a few seconds`);
}
