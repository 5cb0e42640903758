/**
 * The checks of a failover plan, in the order the page lists them. Each reads the plan's facts and
 * answers one check in words, or nothing where it does not apply.
 */
import { acknowledged, ago, binlogPositionOf, reachOf, safeMissing, type PlanFacts } from "./facts";
import type { FailoverCheck } from "./types";

export type PlanCheck = (f: PlanFacts) => FailoverCheck | null;

/** There is a writer to fail over from, and the candidate is not it. */
const writerKnown: PlanCheck = ({ writer, input, W, C }) =>
  !writer
    ? { name: "writer_known", ok: false, blocking: true, rule: "no_writer", detail: "No writer is published or discovered: there is nothing to fail over from" }
    : {
        name: "not_already_writer",
        ok: input.candidateId !== input.writerId,
        blocking: true,
        rule: "already_writer",
        detail: input.candidateId === input.writerId ? `${C} is already the writer` : `${W} is the writer now; ${C} would take over`,
      };

/** A failover never leaves its cluster: the candidate must be one of the switched cluster's servers. */
const sameCluster: PlanCheck = ({ input, C }) => {
  const { cluster, candidateClusterId } = input;
  if (!cluster) return null;
  const ok = cluster.serverIds.includes(C);
  return {
    name: "same_cluster",
    ok,
    blocking: true,
    rule: "other_cluster",
    detail: ok
      ? `${C} is in cluster ${cluster.id}, whose writer is switched`
      : `${C} is in cluster ${candidateClusterId ?? "unknown"}, not ${cluster.id}: a failover never leaves its cluster, and ${C} does not replicate with ${cluster.id}'s servers` +
        (candidateClusterId ? ` (to switch ${candidateClusterId}'s writer, ask for cluster ${candidateClusterId})` : ""),
  };
};

/** The configuration does not forbid promoting the candidate. */
const promotionAllowed: PlanCheck = ({ candidate, C }) => {
  const promotion = candidate.server.promotion;
  return {
    name: "promotion_allowed",
    ok: promotion !== "must_not",
    blocking: true,
    rule: "promotion_must_not",
    detail:
      promotion === "must_not"
        ? `${C} is marked "promotion: must_not" in the configuration: it may never become the writer`
        : `${C} may be promoted (promotion: ${promotion})`,
  };
};

/** Only the writer's master-master partner may take over: a plain replica's writes would never reach the writer. */
const coMaster: PlanCheck = ({ graph, writer, isCoMaster, input, W, C }) => {
  const candidateSource = graph.sourceOf(C);
  const partner = graph.coMastersOf(writer?.id)[0];
  let detail: string;
  if (isCoMaster) detail = `${C} and ${W} replicate from each other (master-master): every write ${C} takes reaches ${W} and its replicas`;
  else if (candidateSource === input.writerId)
    detail =
      `${C} is a plain replica of ${W}, not its master-master partner: ${W} does not replicate from ${C}, so writes taken on ${C} ` +
      `would never reach ${W} and the other servers would go out of sync.` +
      (partner ? ` Only ${partner}, ${W}'s co-master, may take over.` : ` ${W} has no co-master to fail over to.`);
  else detail = `${C} does not replicate from ${W}${candidateSource ? ` (it replicates from ${candidateSource})` : ""}: it is not ${W}'s master-master partner`;
  return { name: "co_master", ok: isCoMaster, blocking: true, rule: "not_co_master", detail };
};

const candidateReachable: PlanCheck = ({ candidate, C }) => ({
  name: "candidate_reachable",
  ok: candidate.reachable,
  blocking: true,
  rule: "candidate_unreachable",
  detail: candidate.reachable ? `${C} answers` : `${C} does not answer: ${candidate.error ?? "unreachable"}`,
});

/** The candidate's replication runs without error (its IO thread may be down with the writer). */
const candidateReplication: PlanCheck = ({ candidate, candidateChannel: ch, writerAlive, W, C }) => {
  if (!ch) return { name: "candidate_replication", ok: false, blocking: true, rule: "replication_broken", detail: `${C} replicates from nobody` };
  const errors = [ch.lastIoError, ch.lastSqlError].filter(Boolean).join("; ");
  const ioOk = ch.ioRunning || !writerAlive;
  return {
    name: "candidate_replication",
    ok: candidate.reachable && ch.sqlRunning && ioOk && !ch.lastSqlError && (!ch.lastIoError || !writerAlive),
    blocking: true,
    rule: "replication_broken",
    detail:
      `IO thread ${ch.ioState}, SQL thread ${ch.sqlRunning ? "running" : "stopped"}` +
      (errors ? `; error: ${errors}` : "; no error") +
      (!ch.ioRunning && !writerAlive ? ` (the IO thread cannot reach ${W}, expected while it is down)` : ""),
  };
};

/** The candidate applied what it received (informs: the switch waits for it). */
const candidateAppliedReceived: PlanCheck = ({ candidateChannel: ch, candidatePos, input, W, C }) => {
  if (!ch) return null;
  if (ch.usingGtid) {
    const unapplied = safeMissing(ch.retrievedGtidSet, candidatePos);
    return {
      name: "candidate_applied_received",
      ok: unapplied === 0,
      blocking: false,
      detail:
        unapplied === 0
          ? `${C} has applied everything it received (${candidatePos || "empty"})`
          : unapplied == null
            ? `cannot compare ${C}'s received and applied positions`
            : `${C} received ${unapplied} transaction(s) it has not applied yet; the switch waits up to ${input.catchUpTimeoutMs / 1000} s for them`,
    };
  }
  const read = `${ch.readSourceLogFile ?? "?"}:${ch.readSourceLogPos ?? "?"}`;
  const exec = `${ch.execSourceLogFile ?? "?"}:${ch.execSourceLogPos ?? "?"}`;
  return {
    name: "candidate_applied_received",
    ok: read === exec,
    blocking: false,
    detail: read === exec ? `${C} has applied everything it received (${W}'s binlog at ${exec})` : `${C} received ${W}'s binlog up to ${read} and applied up to ${exec}`,
  };
};

/** How far the candidate is behind the writer; for a writer that is down, as of its last sample. */
const candidateBehindWriter: PlanCheck = ({ candidate, candidateChannel: ch, candidatePos, writer, writerAlive, missingTransactions, input, now, W, C }) => {
  if (!ch) return null;
  if (!ch.usingGtid) {
    const exec = `${ch.execSourceLogFile ?? "?"}:${ch.execSourceLogPos ?? "?"}`;
    const applied = `${ch.readSourceLogFile ?? "?"}:${ch.readSourceLogPos ?? "?"}` === exec;
    return {
      name: "candidate_behind_writer",
      ok: applied && ch.secondsBehindSource === 0,
      blocking: false,
      detail: `no GTID: ${C} applied ${W}'s binlog up to ${exec}` + (ch.secondsBehindSource != null ? `, ${ch.secondsBehindSource} s behind` : ""),
    };
  }
  const writerPos = binlogPositionOf(writer);
  if (writerAlive) {
    const behind = safeMissing(writerPos, candidatePos);
    const sbm = ch.secondsBehindSource;
    return {
      name: "candidate_behind_writer",
      ok: behind === 0,
      blocking: false,
      detail:
        (behind === 0 ? `${C} has every transaction of ${W}` : `${C} is ${behind ?? "an unknown number of"} transaction(s) behind ${W}; the switch waits up to ${input.catchUpTimeoutMs / 1000} s`) +
        ` (${W} at ${writerPos || "empty"}, ${C} at ${candidatePos || "empty"}${sbm != null ? `, ${sbm} s behind` : ""})`,
    };
  }
  const seen = writer?.sampledAt ? ` as last seen ${ago(now - writer.sampledAt)} ago` : "";
  const after = reachOf(candidate);
  return {
    name: "candidate_behind_writer",
    ok: missingTransactions === 0,
    blocking: false,
    detail: writerPos
      ? `${W} is unreachable; ${W} was at ${writerPos}${seen}. ${C} has ${after || "nothing"}: ` +
        (missingTransactions === 0
          ? `nothing known to be missing, but transactions after that sample may be lost`
          : `at least ${missingTransactions ?? "an unknown number of"} transaction(s) may be missing, more if ${W} wrote after that sample`)
      : `${W} is unreachable and its position was never read: how much ${C} lacks cannot be known`,
  };
};

/** The new writer must write a binary log, or nobody could replicate from it. */
const candidateBinlog: PlanCheck = ({ candidate, W, C }) => {
  const logBin = candidate.variables?.logBin;
  return {
    name: "candidate_binlog",
    ok: logBin === true,
    blocking: true,
    rule: "binlog_off",
    detail:
      logBin === true
        ? `binary log on${candidate.variables?.logReplicaUpdates ? ", replicated changes logged too" : ", but replicated changes are not logged (log_slave_updates off)"}`
        : logBin === false
          ? `${C} has no binary log: the replicas and ${W} could not replicate from it`
          : `binary log state of ${C} unknown`,
  };
};

/** Graceful needs the old writer to answer; emergency is only for one that does not. */
const oldWriterReachable: PlanCheck = ({ writer, writerAlive, mode, W }) =>
  !writer
    ? null
    : {
        name: "old_writer_reachable",
        ok: mode === "graceful" ? writerAlive : !writerAlive,
        blocking: true,
        rule: mode === "graceful" ? "writer_unreachable" : "writer_alive",
        detail: writerAlive
          ? `${W} answers` + (mode === "emergency" ? `: use a graceful switch, which loses nothing` : "")
          : mode === "graceful"
            ? `${W} does not answer (${writer.error ?? "unreachable"}): only an emergency switch is possible`
            : `what an emergency switch is for: ${W} does not answer (${writer.error ?? "unreachable"})`,
      };

/** Switching again right after a switch needs an acknowledgement (anti-flapping). */
const flapWindow: PlanCheck = ({ input, now }) => {
  if (!input.lastSwitch || input.flapWindowSeconds <= 0) return null;
  const since = now - Date.parse(input.lastSwitch.at);
  const within = since < input.flapWindowSeconds * 1000;
  return {
    name: "flap_window",
    ok: !within || acknowledged(input.acknowledge, "flap_window"),
    blocking: true,
    rule: "flap_window",
    acknowledgeable: within,
    detail: within
      ? `the writer was switched ${input.lastSwitch.from ? `from ${input.lastSwitch.from} ` : ""}to ${input.lastSwitch.to} ${ago(since)} ago, within the ${input.flapWindowSeconds} s anti-flapping window: acknowledge to switch again`
      : `last switch ${ago(since)} ago, outside the ${input.flapWindowSeconds} s window`,
  };
};

/** An emergency switch may lose the old writer's last transactions: only with an acknowledgement. */
const dataLossAcknowledged: PlanCheck = ({ mode, input, missingTransactions, W, C }) =>
  mode !== "emergency"
    ? null
    : {
        name: "data_loss_acknowledged",
        ok: acknowledged(input.acknowledge, "emergency_unacknowledged"),
        blocking: true,
        rule: "emergency_unacknowledged",
        acknowledgeable: true,
        detail: `${C} may lack ${W}'s last transactions (${missingTransactions == null ? "how many cannot be known" : missingTransactions === 0 ? "none known to be missing" : `at least ${missingTransactions} known`}): acknowledge to switch anyway`,
      };

/** Which plain replicas follow the new writer. */
const replicas: PlanCheck = ({ isCoMaster, replicas: planned, W, C }) => ({
  name: "replicas",
  ok: isCoMaster && planned.every((r) => r.action === "repoint"),
  blocking: false,
  detail: !isCoMaster
    ? `not planned: ${C} cannot take over from ${W}`
    : planned.length
      ? planned.map((r) => `${r.id}: ${r.action === "repoint" ? `repoint to ${C}` : "stays"} (${r.reason})`).join("; ")
      : `no plain replica of ${W}`,
});

export const PLAN_CHECKS: readonly PlanCheck[] = [
  sameCluster,
  writerKnown,
  promotionAllowed,
  coMaster,
  candidateReachable,
  candidateReplication,
  candidateAppliedReceived,
  candidateBehindWriter,
  candidateBinlog,
  oldWriterReachable,
  flapWindow,
  dataLossAcknowledged,
  replicas,
];
