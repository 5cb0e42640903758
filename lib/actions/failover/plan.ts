/**
 * The failover plan: every check with its result in words, the rule that refuses when one does,
 * and the steps the switch would take. Pure: it works on a probe of the fleet.
 */
import type { ReplicationChannel } from "@/lib/mysql/types";
import { rankCandidates } from "./candidates";
import { gtidMissing } from "./gtid";
import type { ServerProbe } from "./probe";
import type { Acknowledgement } from "./schema";
import type { FailoverCheck, FailoverMode, FailoverPlan, FailoverRule, ReplicaPlan } from "./types";

export interface PlanInput {
  candidateId: string;
  /** the writer now: published, else discovered */
  writerId: string | null;
  servers: ServerProbe[];
  mode?: FailoverMode;
  acknowledge?: Acknowledgement;
  /** the last successful switch, for the anti-flapping window */
  lastSwitch: { at: string; from: string | null; to: string } | null;
  flapWindowSeconds: number;
  catchUpTimeoutMs: number;
  hookCount: number;
  now?: number;
}

const norm = (h: string) => (h === "localhost" || h === "::1" ? "127.0.0.1" : h.toLowerCase());

/** The fleet id a channel replicates from: by server_id, else by host and port. */
export function sourceOf(channel: ReplicationChannel | undefined, servers: ServerProbe[]): string | null {
  if (!channel) return null;
  if (channel.sourceServerId != null) {
    const byId = servers.find((s) => s.variables?.serverId === channel.sourceServerId);
    if (byId) return byId.id;
  }
  const byAddress = servers.find((s) => s.server.port === channel.sourcePort && norm(s.server.host) === norm(channel.sourceHost));
  return byAddress?.id ?? null;
}

/** Where a server's data stands: GTID position (MariaDB gtid_current_pos, MySQL gtid_executed). */
export function positionOf(s: ServerProbe | undefined): string | null {
  return s?.variables ? (s.variables.gtidCurrentPos ?? s.variables.gtidExecuted) : null;
}

/** Transactions written to the server's own binlog (MariaDB gtid_binlog_pos, MySQL gtid_executed). */
export function binlogPositionOf(s: ServerProbe | undefined): string | null {
  return s?.variables?.gtidExecuted ?? null;
}

function acknowledged(ack: Acknowledgement | undefined, rule: FailoverRule): boolean {
  return ack === true || (Array.isArray(ack) && ack.includes(rule as never));
}

function safeMissing(want: string | null, have: string | null): number | null {
  try {
    return gtidMissing(want, have);
  } catch {
    return null;
  }
}

const ago = (ms: number) => (ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

/** Build the plan for switching the writer to `candidateId`. */
export function buildPlan(input: PlanInput): FailoverPlan {
  const now = input.now ?? Date.now();
  const { servers, candidateId, writerId } = input;
  const candidate = servers.find((s) => s.id === candidateId);
  if (!candidate) throw new Error(`unknown server ${candidateId}`);
  const writer = servers.find((s) => s.id === writerId);
  const mode: FailoverMode = input.mode ?? (writer && !writer.reachable ? "emergency" : "graceful");
  const checks: FailoverCheck[] = [];
  const add = (c: FailoverCheck) => checks.push(c);
  const W = writerId ?? "the writer";
  const C = candidateId;

  if (!writer) {
    add({ name: "writer_known", ok: false, blocking: true, rule: "no_writer", detail: "No writer is published or discovered: there is nothing to fail over from" });
  } else {
    add({
      name: "not_already_writer",
      ok: candidateId !== writerId,
      blocking: true,
      rule: "already_writer",
      detail: candidateId === writerId ? `${C} is already the writer` : `${W} is the writer now; ${C} would take over`,
    });
  }

  const promotion = candidate.server.promotion;
  add({
    name: "promotion_allowed",
    ok: promotion !== "must_not",
    blocking: true,
    rule: "promotion_must_not",
    detail:
      promotion === "must_not"
        ? `${C} is marked "promotion: must_not" in the configuration: it may never become the writer`
        : `${C} may be promoted (promotion: ${promotion})`,
  });

  const candidateChannel = candidate.replication[0];
  const candidateSource = sourceOf(candidateChannel, servers);
  const writerSource = writer ? sourceOf(writer.replication[0], servers) : null;
  const isCoMaster = !!writer && candidateSource === writerId && writerSource === candidateId;
  const partner = writer ? servers.find((s) => s.id !== writerId && sourceOf(s.replication[0], servers) === writerId && writerSource === s.id) : undefined;
  let coMasterDetail: string;
  if (isCoMaster) coMasterDetail = `${C} and ${W} replicate from each other (master-master): every write ${C} takes reaches ${W} and its replicas`;
  else if (candidateSource === writerId)
    coMasterDetail =
      `${C} is a plain replica of ${W}, not its master-master partner: ${W} does not replicate from ${C}, so writes taken on ${C} ` +
      `would never reach ${W} and the other servers would go out of sync.` +
      (partner ? ` Only ${partner.id}, ${W}'s co-master, may take over.` : ` ${W} has no co-master to fail over to.`);
  else
    coMasterDetail = `${C} does not replicate from ${W}${candidateSource ? ` (it replicates from ${candidateSource})` : ""}: it is not ${W}'s master-master partner`;
  add({ name: "co_master", ok: isCoMaster, blocking: true, rule: "not_co_master", detail: coMasterDetail });

  add({
    name: "candidate_reachable",
    ok: candidate.reachable,
    blocking: true,
    rule: "candidate_unreachable",
    detail: candidate.reachable ? `${C} answers` : `${C} does not answer: ${candidate.error ?? "unreachable"}`,
  });

  const writerAlive = !!writer?.reachable;
  if (candidateChannel) {
    const errors = [candidateChannel.lastIoError, candidateChannel.lastSqlError].filter(Boolean).join("; ");
    const ioOk = candidateChannel.ioRunning || !writerAlive;
    const ok = candidate.reachable && candidateChannel.sqlRunning && ioOk && !candidateChannel.lastSqlError && (!candidateChannel.lastIoError || !writerAlive);
    add({
      name: "candidate_replication",
      ok,
      blocking: true,
      rule: "replication_broken",
      detail:
        `IO thread ${candidateChannel.ioState}, SQL thread ${candidateChannel.sqlRunning ? "running" : "stopped"}` +
        (errors ? `; error: ${errors}` : "; no error") +
        (!candidateChannel.ioRunning && !writerAlive ? ` (the IO thread cannot reach ${W}, expected while it is down)` : ""),
    });
  } else {
    add({ name: "candidate_replication", ok: false, blocking: true, rule: "replication_broken", detail: `${C} replicates from nobody` });
  }

  // Applied what it received, and how far behind the writer.
  const usingGtid = !!candidateChannel?.usingGtid;
  const candidatePos = positionOf(candidate);
  let missingTransactions: number | null = null;
  if (candidateChannel && usingGtid) {
    const unapplied = safeMissing(candidateChannel.retrievedGtidSet, candidatePos);
    add({
      name: "candidate_applied_received",
      ok: unapplied === 0,
      blocking: false,
      detail:
        unapplied === 0
          ? `${C} has applied everything it received (${candidatePos || "empty"})`
          : unapplied == null
            ? `cannot compare ${C}'s received and applied positions`
            : `${C} received ${unapplied} transaction(s) it has not applied yet; the switch waits up to ${input.catchUpTimeoutMs / 1000} s for them`,
    });
    const writerPos = binlogPositionOf(writer);
    const behind = safeMissing(writerPos, candidatePos);
    const sbm = candidateChannel.secondsBehindSource;
    if (writerAlive) {
      missingTransactions = 0;
      add({
        name: "candidate_behind_writer",
        ok: behind === 0,
        blocking: false,
        detail:
          (behind === 0 ? `${C} has every transaction of ${W}` : `${C} is ${behind ?? "an unknown number of"} transaction(s) behind ${W}; the switch waits up to ${input.catchUpTimeoutMs / 1000} s`) +
          ` (${W} at ${writerPos || "empty"}, ${C} at ${candidatePos || "empty"}${sbm != null ? `, ${sbm} s behind` : ""})`,
      });
    } else {
      const seen = writer?.sampledAt ? ` as last seen ${ago(now - writer.sampledAt)} ago` : "";
      // What the candidate will hold once it applied what it received.
      // A GTID set the candidate both received and applied is named once.
      const after = [...new Set([candidatePos, candidateChannel.retrievedGtidSet].filter(Boolean))].join(",");
      missingTransactions = writerPos ? safeMissing(writerPos, after) : null;
      add({
        name: "candidate_behind_writer",
        ok: missingTransactions === 0,
        blocking: false,
        detail: writerPos
          ? `${W} is unreachable; ${W} was at ${writerPos}${seen}. ${C} has ${after || "nothing"}: ` +
            (missingTransactions === 0
              ? `nothing known to be missing, but transactions after that sample may be lost`
              : `at least ${missingTransactions ?? "an unknown number of"} transaction(s) may be missing, more if ${W} wrote after that sample`)
          : `${W} is unreachable and its position was never read: how much ${C} lacks cannot be known`,
      });
    }
  } else if (candidateChannel) {
    const read = `${candidateChannel.readSourceLogFile ?? "?"}:${candidateChannel.readSourceLogPos ?? "?"}`;
    const exec = `${candidateChannel.execSourceLogFile ?? "?"}:${candidateChannel.execSourceLogPos ?? "?"}`;
    const applied = read === exec;
    add({
      name: "candidate_applied_received",
      ok: applied,
      blocking: false,
      detail: applied ? `${C} has applied everything it received (${W}'s binlog at ${exec})` : `${C} received ${W}'s binlog up to ${read} and applied up to ${exec}`,
    });
    add({
      name: "candidate_behind_writer",
      ok: applied && candidateChannel.secondsBehindSource === 0,
      blocking: false,
      detail: `no GTID: ${C} applied ${W}'s binlog up to ${exec}` + (candidateChannel.secondsBehindSource != null ? `, ${candidateChannel.secondsBehindSource} s behind` : ""),
    });
  }

  const logBin = candidate.variables?.logBin;
  add({
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
  });

  if (writer) {
    add({
      name: "old_writer_reachable",
      ok: mode === "graceful" ? writerAlive : !writerAlive,
      blocking: true,
      rule: mode === "graceful" ? "writer_unreachable" : "writer_alive",
      detail: writerAlive
        ? `${W} answers` + (mode === "emergency" ? `: use a graceful switch, which loses nothing` : "")
        : mode === "graceful"
          ? `${W} does not answer (${writer.error ?? "unreachable"}): only an emergency switch is possible`
          : `what an emergency switch is for: ${W} does not answer (${writer.error ?? "unreachable"})`,
    });
  }

  if (input.lastSwitch && input.flapWindowSeconds > 0) {
    const since = now - Date.parse(input.lastSwitch.at);
    const within = since < input.flapWindowSeconds * 1000;
    add({
      name: "flap_window",
      ok: !within || acknowledged(input.acknowledge, "flap_window"),
      blocking: true,
      rule: "flap_window",
      acknowledgeable: within,
      detail: within
        ? `the writer was switched ${input.lastSwitch.from ? `from ${input.lastSwitch.from} ` : ""}to ${input.lastSwitch.to} ${ago(since)} ago, within the ${input.flapWindowSeconds} s anti-flapping window: acknowledge to switch again`
        : `last switch ${ago(since)} ago, outside the ${input.flapWindowSeconds} s window`,
    });
  }

  if (mode === "emergency") {
    add({
      name: "data_loss_acknowledged",
      ok: acknowledged(input.acknowledge, "emergency_unacknowledged"),
      blocking: true,
      rule: "emergency_unacknowledged",
      acknowledgeable: true,
      detail: `${C} may lack ${W}'s last transactions (${missingTransactions == null ? "how many cannot be known" : missingTransactions === 0 ? "none known to be missing" : `at least ${missingTransactions} known`}): acknowledge to switch anyway`,
    });
  }

  // Repointing only means something when the candidate may take over at all.
  const replicas = isCoMaster ? planReplicas(servers, writerId, candidate, mode) : [];
  add({
    name: "replicas",
    ok: isCoMaster && replicas.every((r) => r.action === "repoint"),
    blocking: false,
    detail: !isCoMaster
      ? `not planned: ${C} cannot take over from ${W}`
      : replicas.length
        ? replicas.map((r) => `${r.id}: ${r.action === "repoint" ? `repoint to ${C}` : "stays"} (${r.reason})`).join("; ")
        : `no plain replica of ${W}`,
  });

  const failed = checks.filter((c) => c.blocking && !c.ok);
  const requiresAcknowledgement = failed.filter((c) => c.acknowledgeable && c.rule).map((c) => c.rule!) as FailoverRule[];
  const hard = failed.filter((c) => !c.acknowledgeable);
  const first = hard[0] ?? failed[0];
  return {
    candidate: C,
    writer: writerId,
    mode,
    allowed: hard.length === 0,
    requiresAcknowledgement,
    // The first rule names the refusal; the message gives every reason, e.g. must_not and not a co-master.
    refusal: first ? { rule: first.rule!, message: (hard.length ? hard : [first]).map((c) => c.detail).join(". ") } : null,
    checks,
    steps: stepsFor(mode, W, C, candidate, replicas, input),
    replicas,
    candidates: rankCandidates(
      servers.map((s) => ({
        id: s.id,
        promotion: s.server.promotion,
        sourceIds: s.replication.map((ch) => sourceOf(ch, servers)).filter((id): id is string => id !== null),
      })),
      writerId,
    ),
    missingTransactions,
    generatedAt: new Date(now).toISOString(),
  };
}

/** Which plain replicas of the old writer follow the new one, and why the others stay. */
export function planReplicas(servers: ServerProbe[], writerId: string | null, candidate: ServerProbe, mode: FailoverMode): ReplicaPlan[] {
  if (!writerId) return [];
  const W = writerId;
  const C = candidate.id;
  const candidateReach = [positionOf(candidate), candidate.replication[0]?.retrievedGtidSet].filter(Boolean).join(",");
  return servers
    .filter((s) => s.id !== C && s.id !== W && sourceOf(s.replication[0], servers) === W)
    .map((s): ReplicaPlan => {
      const channel = s.replication[0];
      if (!s.reachable) return { id: s.id, action: "stay", reason: `${s.id} does not answer; repoint it when it is back` };
      if (!channel.usingGtid)
        return { id: s.id, action: "stay", reason: `replicates by binlog file and position, not GTID: its position on ${C} cannot be derived safely; it keeps following ${W}, which receives ${C}'s writes as its co-master` };
      if (s.dialect && candidate.dialect && (s.dialect === "mariadb") !== (candidate.dialect === "mariadb"))
        return { id: s.id, action: "stay", reason: `MariaDB and MySQL GTIDs do not mix` };
      if (mode === "emergency") {
        const ahead = safeMissing(positionOf(s), candidateReach);
        if (ahead == null) return { id: s.id, action: "stay", reason: `cannot compare its position with ${C}'s` };
        if (ahead > 0)
          return { id: s.id, action: "stay", reason: `it has ${ahead} transaction(s) from ${W} that ${C} lacks: repointing would make it diverge; rebuild it or wait for ${W}` };
      }
      return { id: s.id, action: "repoint", reason: `GTID: it resumes on ${C} from its own position` };
    });
}

function stepsFor(mode: FailoverMode, W: string, C: string, candidate: ServerProbe, replicas: ReplicaPlan[], input: PlanInput): string[] {
  const wait = `${input.catchUpTimeoutMs / 1000} s`;
  const repoint = replicas.filter((r) => r.action === "repoint").map((r) => r.id);
  const tail = [
    `Make ${C} writable`,
    `Publish ${C} as the writer (GET /api/topology/writer)`,
    repoint.length ? `Repoint ${repoint.join(", ")} to ${C}` : `Repoint no replica`,
    `Run ${input.hookCount} hook(s)`,
  ];
  if (mode === "graceful")
    return [
      `Set ${W} read-only${candidate.dialect && candidate.dialect !== "mariadb" ? " (super_read_only)" : ""}`,
      `Read ${W}'s final binary log position`,
      `Wait up to ${wait} until ${C} has applied all of it`,
      ...tail,
    ];
  return [
    `Try to set ${W} read-only (short timeout, in the background; retried until ${W} answers)`,
    `Wait up to ${wait} until ${C} has applied everything it received`,
    ...tail,
  ];
}
