/**
 * The writer switch: plan again on live state, then graceful (old writer read-only, wait for the
 * candidate, candidate writable, publish) or emergency (fence in the background, candidate
 * applies what it received, writable, publish); then repoint the plain replicas and run hooks.
 * Every step is timed and stored as it ends; a failure before the publish rolls back.
 */
import { ApiError } from "@/lib/errors";
import type { Caller } from "@/lib/auth";
import { getCollector, type Collector } from "@/lib/collector";
import { getConfig, type HotSeatConfig } from "@/lib/config";
import { closeQuietly, isUsable, readReplication, readVariables, type Connection, type Dialect } from "@/lib/mysql";
import { readBinlogPosition, readOnlyWords, repointReplica, setReadOnlyWithin } from "@/lib/mysql/failover";
import { getStore, type StoreDb } from "@/lib/store";
import { announceWriter, currentWriter, getPublishedWriter, hookStepDetail, publishWriter } from "@/lib/writer";
import { waitForCoordinates, waitForPosition, waitForRelayApplied } from "./catch-up";
import { cancelFence, pendingFences, startFence } from "./fence";
import { gtidMissing } from "./gtid";
import { buildPlan } from "./plan";
import { probeFleet, probeServer, type FleetProbe, type LiveProbe } from "./probe";
import { createRun, finishRun, lastSuccessfulRun, runInFlight, saveSteps } from "./runs";
import { failoverPlanBodySchema, type Acknowledgement, type FailoverBody } from "./schema";
import type { FailoverMode, FailoverPlan, FailoverRun, FailoverStep, StepStatus } from "./types";

const READ_ONLY_TIMEOUT_MS = 3000;
const REPOINT_TIMEOUT_MS = 5000;
const IN_FLIGHT_MAX_AGE_MS = 5 * 60_000;

export interface FailoverDeps {
  config?: HotSeatConfig;
  /** last-known samples for servers that do not answer now; null to run without a collector */
  collector?: Collector | null;
  db?: StoreDb;
}

function context(deps: FailoverDeps) {
  const config = deps.config ?? getConfig();
  const collector = deps.collector === undefined ? getCollector() : deps.collector;
  const db = deps.db ?? getStore();
  return { config, collector, db };
}

/** Probe the fleet and plan a switch to `candidate`. Caller closes the probe. */
async function planWithProbe(
  input: { candidate: string; mode?: FailoverMode; acknowledge?: Acknowledgement },
  deps: FailoverDeps,
): Promise<{ plan: FailoverPlan; probe: FleetProbe }> {
  const { config, collector, db } = context(deps);
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

/** Records steps as they run, in memory and in the store (the console polls them). */
class StepLog {
  readonly steps: FailoverStep[] = [];
  constructor(
    private readonly runId: number,
    private readonly db: StoreDb,
  ) {}

  private save() {
    try {
      saveSteps(this.runId, this.steps, this.db);
    } catch (err) {
      console.error("[hotseat] could not save failover steps:", err);
    }
  }

  /** Run one step; its result sets the status and detail. A throw marks it failed and goes on up. */
  async run<T>(name: string, label: string, fn: () => Promise<{ detail: string; status?: StepStatus; value?: T }>): Promise<T | undefined> {
    const step: FailoverStep = { name, label, status: "running", startedAt: new Date().toISOString(), durationMs: null, detail: null };
    const t0 = performance.now();
    this.steps.push(step);
    this.save();
    try {
      const r = await fn();
      step.status = r.status ?? "ok";
      step.detail = r.detail;
      return r.value;
    } catch (err) {
      step.status = "failed";
      step.detail = messageOf(err);
      throw err;
    } finally {
      step.durationMs = Math.round(performance.now() - t0);
      this.save();
    }
  }
}

function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  const e = err as { message?: string; sqlMessage?: string };
  return (e?.sqlMessage ?? e?.message ?? String(err)).split("\n")[0].slice(0, 300);
}

const holder = globalThis as unknown as { __hotseatFailoverBusy?: boolean };

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
  const { db } = context(deps);

  if (holder.__hotseatFailoverBusy || runInFlight(IN_FLIGHT_MAX_AGE_MS, db)) {
    throw new ApiError("conflict", "Another failover is running: wait for it to finish", { rule: "failover_in_progress" });
  }
  holder.__hotseatFailoverBusy = true;
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
    return await execute(plan, probe, req.caller, deps, auditParams);
  } finally {
    probe?.close();
    holder.__hotseatFailoverBusy = false;
  }
}

async function execute(plan: FailoverPlan, probe: FleetProbe, caller: Caller, deps: FailoverDeps, auditParams: Record<string, unknown>): Promise<FailoverRun> {
  const { config, db } = context(deps);
  const W = probe.byId(plan.writer)!;
  const C = probe.byId(plan.candidate)!;
  const run = createRun({ actor: caller.name, mode: plan.mode, from: W.id, to: C.id, plan }, db);
  auditParams.runId = run.id;
  const log = new StepLog(run.id, db);
  // A fence left over from an earlier emergency must not touch the server this switch promotes.
  cancelFence(C.id);

  let oldWriterReadOnly = false;
  let candidateWritable = false;
  let published = false;
  let fenceWanted = plan.mode === "emergency";
  try {
    if (plan.mode === "graceful") {
      await log.run("old_writer_read_only", `Set ${W.id} read-only`, async () => {
        // Flagged first: a timeout may leave it read-only without an answer, and the rollback must undo that.
        oldWriterReadOnly = true;
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
          stillWriter: () => fenceWanted && (!published || getPublishedWriter(db)?.id !== W.id),
          actor: caller.name,
          runId: run.id,
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
      candidateWritable = true;
      await setReadOnlyWithin(C.conn!, C.dialect!, false, READ_ONLY_TIMEOUT_MS);
      return { detail: `${readOnlyWords(C.dialect!)} OFF on ${C.id}` };
    });
    await log.run("publish", `Publish ${C.id} as the writer`, async () => {
      const r = publishWriter(C.id, { actor: caller.name, runId: run.id }, { config, db });
      published = true;
      return {
        detail: `GET /api/topology/writer now answers ${C.id} (${r.writer.host}:${r.writer.port})` + (r.filePath ? (r.fileError ? `; writer file ${r.filePath} NOT written: ${r.fileError}` : `; written to ${r.filePath}`) : ""),
        status: r.fileError ? "warning" : "ok",
        value: r.writer,
      };
    });
  } catch (err) {
    fenceWanted = false;
    if (plan.mode === "emergency") cancelFence(W.id);
    await rollback(log, { W, C, oldWriterReadOnly, candidateWritable, published });
    const message = `Failover to ${C.id} failed at "${log.steps.find((s) => s.status === "failed")?.label ?? "a step"}": ${messageOf(err)}. Rolled back: ${W.id} is still the published writer.`;
    const finished = finishRun(run.id, "rolled_back", message, log.steps, db);
    auditParams.steps = summary(log.steps);
    throw new ApiError("unavailable", message, { run: finished });
  }

  // The writer has moved; what follows cannot undo it and only reports.
  await log.run("repoint_replicas", `Repoint the plain replicas to ${C.id}`, () => repointReplicas(plan, probe, C));
  await log.run("hooks", `Run hooks`, async () => {
    const writer = getPublishedWriter(db)!;
    const results = await announceWriter(writer, { previousId: W.id, mode: plan.mode }, config);
    if (!results.length) return { detail: "no hooks configured", status: "skipped" };
    // Command text and output only in the audit entry (operators); the step is read by viewers.
    auditParams.hooks = results.map(({ command, ok, exitCode, timedOut, durationMs, output }) => ({ command, ok, exitCode, timedOut, durationMs, output }));
    return { detail: hookStepDetail(results), status: results.some((r) => !r.ok) ? "warning" : "ok" };
  });
  if (plan.mode === "emergency") {
    const fencing = pendingFences().includes(W.id);
    log.steps.find((s) => s.name === "fence_old_writer")!.detail += fencing ? ` (still trying at the end of the switch)` : ` (done: ${W.id} answered)`;
  }
  const warnings = log.steps.filter((s) => s.status === "warning").map((s) => s.label);
  const message = `${C.id} is the writer${warnings.length ? `; see: ${warnings.join(", ")}` : ""}`;
  auditParams.steps = summary(log.steps);
  return finishRun(run.id, "ok", message, log.steps, db);
}

function summary(steps: FailoverStep[]) {
  return steps.map((s) => ({ name: s.name, status: s.status, ms: s.durationMs, detail: s.detail?.slice(0, 300) }));
}

/** The probe's connection if it still works, else a fresh one (a timed-out query destroys its connection). */
async function usableConnection(p: LiveProbe): Promise<Connection> {
  if (p.conn && isUsable(p.conn)) return p.conn;
  const fresh = await probeServer(p.server);
  if (!fresh.conn) throw new Error(`${p.id} does not answer: ${fresh.error ?? "unreachable"}`);
  if (p.conn) closeQuietly(p.conn);
  p.conn = fresh.conn; // closed with the rest of the probe
  return fresh.conn;
}

async function rollback(
  log: StepLog,
  s: { W: LiveProbe; C: LiveProbe; oldWriterReadOnly: boolean; candidateWritable: boolean; published: boolean },
): Promise<void> {
  if (s.candidateWritable && !s.published) {
    await log
      .run("rollback_candidate", `Roll back: ${s.C.id} read-only again`, async () => {
        await setReadOnlyWithin(await usableConnection(s.C), s.C.dialect!, true, READ_ONLY_TIMEOUT_MS);
        return { detail: `${s.C.id} is read-only again` };
      })
      .catch(() => undefined);
  }
  if (s.oldWriterReadOnly) {
    await log
      .run("rollback_old_writer", `Roll back: ${s.W.id} writable again`, async () => {
        await setReadOnlyWithin(await usableConnection(s.W), s.W.dialect!, false, READ_ONLY_TIMEOUT_MS);
        return { detail: `${s.W.id} takes writes again` };
      })
      .catch(() => undefined);
  }
}

/** Repoint each plain replica the plan says may follow; the others stay, with the reason. */
async function repointReplicas(plan: FailoverPlan, probe: FleetProbe, C: LiveProbe): Promise<{ detail: string; status: StepStatus }> {
  if (!plan.replicas.length) return { detail: `no plain replica of ${plan.writer}`, status: "skipped" };
  const outcomes = await Promise.all(
    plan.replicas.map(async (r): Promise<{ ok: boolean; text: string }> => {
      const replica = probe.byId(r.id);
      if (r.action === "stay" || !replica?.conn) return { ok: r.action === "stay", text: `${r.id} stays: ${r.reason}` };
      try {
        if (plan.mode === "emergency") {
          // Positions moved since the plan: check again that the replica holds nothing the new writer lacks.
          const [mine, theirs] = await Promise.all([readVariables(replica.conn, 1500), readVariables(C.conn!, 1500)]);
          const ahead = gtidMissing(mine.gtidCurrentPos ?? mine.gtidExecuted, theirs.gtidCurrentPos ?? theirs.gtidExecuted);
          if (ahead > 0) return { ok: false, text: `${r.id} stays on ${plan.writer}: it has ${ahead} transaction(s) ${C.id} lacks` };
        }
        await repointReplica(replica.conn, replica.dialect!, { host: C.server.host, port: C.server.port }, REPOINT_TIMEOUT_MS);
        const state = await replicationHealthy(replica.conn, replica.dialect!);
        return { ok: state.ok, text: `${r.id} now replicates from ${C.id} (${state.text})` };
      } catch (err) {
        return { ok: false, text: `${r.id}: repointing failed: ${messageOf(err)}` };
      }
    }),
  );
  return { detail: outcomes.map((o) => o.text).join("; "), status: outcomes.every((o) => o.ok) ? "ok" : "warning" };
}

/** After START SLAVE: wait briefly for the IO thread to connect, and report errors. */
async function replicationHealthy(conn: Connection, dialect: Dialect): Promise<{ ok: boolean; text: string }> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const [ch] = await readReplication(conn, dialect, 1500);
    const err = ch?.lastIoError || ch?.lastSqlError;
    if (ch && ch.ioRunning && ch.sqlRunning && !err) return { ok: true, text: "IO and SQL threads running" };
    if (err || Date.now() > deadline)
      return { ok: false, text: `IO ${ch?.ioState ?? "?"}, SQL ${ch?.sqlRunning ? "running" : "stopped"}${err ? `: ${err}` : ""}` };
    await new Promise((r) => setTimeout(r, 100));
  }
}
