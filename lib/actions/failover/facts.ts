/**
 * What every check of a failover plan reads, worked out once: the two servers, the replication
 * graph, whether they are master-master partners, where their data stands.
 */
import type { ReplicationChannel } from "@/lib/mysql/types";
import { replicationGraph, type ReplicationGraph } from "@/lib/topology";
import { gtidMissing } from "./gtid";
import type { ServerProbe } from "./probe";
import type { Acknowledgement } from "./schema";
import type { FailoverMode, FailoverRule, PlanCluster, ReplicaPlan } from "./types";

export interface PlanInput {
  candidateId: string;
  /** the cluster whose writer is switched, and the one the candidate is in (null: in none known) */
  cluster?: PlanCluster;
  candidateClusterId?: string | null;
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

export interface PlanFacts {
  input: PlanInput;
  now: number;
  mode: FailoverMode;
  candidate: ServerProbe;
  writer: ServerProbe | undefined;
  graph: ReplicationGraph;
  /** ids for the words: "the writer" when none is known */
  W: string;
  C: string;
  candidateChannel: ReplicationChannel | undefined;
  /** the candidate and the writer replicate from each other */
  isCoMaster: boolean;
  writerAlive: boolean;
  /** the candidate's applied position */
  candidatePos: string | null;
  /** transactions the candidate may lack; null when unknowable (no GTID, or the writer's position unknown) */
  missingTransactions: number | null;
  /** the plain replicas of the writer and what the switch does with each */
  replicas: ReplicaPlan[];
}

/** Where a server's data stands: GTID position (MariaDB gtid_current_pos, MySQL gtid_executed). */
export function positionOf(s: ServerProbe | undefined): string | null {
  return s?.variables ? (s.variables.gtidCurrentPos ?? s.variables.gtidExecuted) : null;
}

/** Transactions written to the server's own binlog (MariaDB gtid_binlog_pos, MySQL gtid_executed). */
export function binlogPositionOf(s: ServerProbe | undefined): string | null {
  return s?.variables?.gtidExecuted ?? null;
}

/** What the candidate will hold once it applied what it received. */
export function reachOf(candidate: ServerProbe): string {
  // a GTID set the candidate both received and applied is named once
  return [...new Set([positionOf(candidate), candidate.replication[0]?.retrievedGtidSet].filter(Boolean))].join(",");
}

/** gtidMissing, with null for a position that cannot be compared. */
export function safeMissing(want: string | null, have: string | null): number | null {
  try {
    return gtidMissing(want, have);
  } catch {
    return null;
  }
}

export function acknowledged(ack: Acknowledgement | undefined, rule: FailoverRule): boolean {
  return ack === true || (Array.isArray(ack) && ack.includes(rule as never));
}

export const ago = (ms: number) => (ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

/** Work out the facts of a plan for switching the writer to `input.candidateId`. */
export function planFacts(input: PlanInput): PlanFacts {
  const now = input.now ?? Date.now();
  const { servers, candidateId, writerId } = input;
  const candidate = servers.find((s) => s.id === candidateId);
  if (!candidate) throw new Error(`unknown server ${candidateId}`);
  const writer = servers.find((s) => s.id === writerId);
  const mode: FailoverMode = input.mode ?? (writer && !writer.reachable ? "emergency" : "graceful");
  const graph = replicationGraph(servers);
  const isCoMaster = !!writer && graph.areCoMasters(candidateId, writer.id);
  const candidateChannel = candidate.replication[0];
  const writerAlive = !!writer?.reachable;
  let missingTransactions: number | null = null;
  if (candidateChannel?.usingGtid) {
    const writerPos = binlogPositionOf(writer);
    missingTransactions = writerAlive ? 0 : writerPos ? safeMissing(writerPos, reachOf(candidate)) : null;
  }
  return {
    input,
    now,
    mode,
    candidate,
    writer,
    graph,
    W: writerId ?? "the writer",
    C: candidateId,
    candidateChannel,
    isCoMaster,
    writerAlive,
    candidatePos: positionOf(candidate),
    missingTransactions,
    // Repointing only means something when the candidate may take over at all.
    replicas: isCoMaster ? planReplicas(servers, graph, writerId, candidate, mode) : [],
  };
}

/** Which plain replicas of the old writer follow the new one, and why the others stay. */
export function planReplicas(servers: ServerProbe[], graph: ReplicationGraph, writerId: string | null, candidate: ServerProbe, mode: FailoverMode): ReplicaPlan[] {
  if (!writerId) return [];
  const W = writerId;
  const C = candidate.id;
  const candidateReach = reachOf(candidate);
  return servers
    .filter((s) => s.id !== C && s.id !== W && graph.sourceOf(s.id) === W)
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
