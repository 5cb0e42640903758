/**
 * The failover requests: plan (POST /api/failover/plan) and switch (POST /api/failover). Validates,
 * probes the fleet, plans on live state, refuses what a rule refuses, audits every outcome, and
 * lets one switch run at a time.
 */
import { ApiError } from "@/lib/errors";
import type { Caller } from "@/lib/auth";
import { currentWriter } from "@/lib/writer";
import { failoverContext, type FailoverDeps } from "./deps";
import { buildPlan } from "./plan";
import { probeFleet, type FleetProbe } from "./probe";
import { recoverInterruptedRuns } from "./recovery";
import { lastSuccessfulRun, runInFlight } from "./runs";
import { failoverPlanBodySchema, type Acknowledgement, type FailoverBody } from "./schema";
import { messageOf } from "./step-log";
import { executeSwitch } from "./switch";
import type { FailoverMode, FailoverPlan, FailoverRun } from "./types";
import { processSlot } from "@/lib/process-singleton";

/** Probe the fleet and plan a switch to `candidate`. Caller closes the probe. */
async function planWithProbe(
  input: { candidate: string; mode?: FailoverMode; acknowledge?: Acknowledgement },
  deps: FailoverDeps,
): Promise<{ plan: FailoverPlan; probe: FleetProbe }> {
  const { config, collector, db } = failoverContext(deps);
  if (!config.servers.some((s) => s.id === input.candidate)) throw new ApiError("not_found", `Unknown server "${input.candidate}"`);
  const lastKnown = collector ? new Map(collector.snapshot().servers.map((s) => [s.id, s])) : new Map();
  const probe = await probeFleet(config, (id) => lastKnown.get(id));
  const discovered = collector ? collector.topology().writer : null;
  const writer = currentWriter({ config, discovered, db });
  const last = lastSuccessfulRun(db);
  const plan = buildPlan({
    candidateId: input.candidate,
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

// One switch at a time in this process (the store's running run guards across processes).
const busy = processSlot<boolean>("__hotseatFailoverBusy");

export interface FailoverRequest {
  body: FailoverBody;
  caller: Caller;
  /** the route's audit entry: the switch adds what it found and did (from, runId, steps, hooks) */
  audit?: Record<string, unknown>;
}

/**
 * POST /api/failover. Returns the finished run (status ok). Throws ApiError: 404 unknown server,
 * 409 refused by a rule ({ rule, checks }), 503 failed mid-way and rolled back ({ run }).
 */
export async function runFailover(req: FailoverRequest, deps: FailoverDeps = {}): Promise<FailoverRun> {
  const { body } = req;
  const auditParams = req.audit ?? {};
  const { db } = failoverContext(deps);

  // A switch left running by a console that died is recovered first: it never blocks this one.
  await recoverInterruptedRuns(deps);
  if (busy.get() || runInFlight(db)) {
    throw new ApiError("conflict", "Another failover is running: wait for it to finish", { rule: "failover_in_progress" });
  }
  busy.set(true);
  let probe: FleetProbe | null = null;
  try {
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
    return await executeSwitch(plan, probe, req.caller, deps, auditParams);
  } finally {
    probe?.close();
    busy.set(false);
  }
}
