import { formatClock } from "@/lib/time";
import type { Problem, ServerView } from "./types";

/** One cluster's facts the rules read. */
export interface ClusterFacts {
  id: string;
  writer: string | null;
  /** writable servers of which one replicates from another */
  splitBrain: string[];
  lagCutoffSeconds: number;
  /**
   * it can miss a writer: some server answered once and it replicates (a group, or a channel). A
   * lone read-only server that replicates from nobody is no cluster without a writer, only a
   * server of unknown role.
   */
  expectsWriter: boolean;
  /** " in <id>" where the fleet has several clusters, "" where it has one */
  inWords: string;
}

export interface Overload {
  threadsRunning: number;
  connectionsRatio: number;
}

/** The channel a server's problem is about, in words: "" for a server with one channel. */
function channelWords(s: ServerView, name: string | undefined): string {
  return s.channels.length > 1 && name != null ? ` (channel ${name === "" ? "default" : `"${name}"`})` : "";
}

/** The worst channel of a server: the one its health comes from. */
function worstChannel(s: ServerView) {
  return s.channels.find((c) => c.health === s.health) ?? s.channels[0];
}

/** The analysis codes of one cluster an on-call engineer acts on (unsorted). */
export function clusterProblems(servers: readonly ServerView[], cluster: ClusterFacts, overload: Overload): Problem[] {
  const problems: Problem[] = [];
  const clusterId = cluster.id;
  const cutoff = cluster.lagCutoffSeconds;
  const w = servers.find((s) => s.id === cluster.writer);

  if (!w) {
    if (cluster.expectsWriter)
      problems.push({ code: "no_writer", serverId: null, clusterId, severity: "critical", message: `No writer found${cluster.inWords}: no reachable server accepts writes.` });
  } else if (!w.reachable) {
    const forSeconds = w.staleSeconds == null ? null : Math.round(w.staleSeconds);
    const since = w.lastSeenAt ? ` since ${formatClock(w.lastSeenAt)} UTC, for ${forSeconds} s` : " since the console started";
    problems.push({
      code: "no_writer",
      serverId: w.id,
      clusterId,
      severity: "critical",
      message: `Writes fail${since}: the writer ${w.id} cannot be reached.`,
      ...(w.error && { details: w.error }),
      since: w.lastSeenAt,
      forSeconds,
      candidateId: w.coMasterOf,
    });
  }
  if (cluster.splitBrain.length > 1) {
    problems.push({
      code: "multiple_writers",
      serverId: null,
      clusterId,
      severity: "critical",
      message: `More than one server accepts writes${cluster.inWords} (${cluster.splitBrain.join(", ")}): the data can go out of sync.`,
    });
  }

  for (const s of servers) {
    const ch = worstChannel(s);
    const on = `${s.id}${channelWords(s, ch?.name)}`;
    if (!s.reachable) {
      problems.push({ code: "server_unreachable", serverId: s.id, clusterId, severity: "critical", message: `${s.id} cannot be reached.`, ...(s.error && { details: s.error }) });
    } else if (s.health === "error") {
      problems.push({ code: "replication_error", serverId: s.id, clusterId, severity: "critical", message: `Replication on ${on} failed: ${ch?.lastError ?? "unknown error"}.` });
    } else if (s.health === "stopped") {
      const which = ch && !ch.sqlRunning ? "SQL thread" : "IO thread";
      problems.push({ code: "replication_stopped", serverId: s.id, clusterId, severity: "warning", message: `Replication on ${on} is stopped (${which}).` });
    }
    if (s.role !== "writer" && s.replication && s.reachable && s.lagSeconds != null && s.lagSeconds > cutoff) {
      problems.push({
        code: "replica_lagging",
        serverId: s.id,
        clusterId,
        severity: "warning",
        message: `${s.id} is ${s.lagSeconds.toFixed(1)} s behind, past the ${cutoff} s read cutoff.`,
      });
    }
  }

  if (w?.reachable && w.heartbeatError) {
    problems.push({
      code: "heartbeat_failing",
      serverId: w.id,
      clusterId,
      severity: "warning",
      message: `The heartbeat cannot be written on ${w.id} (${w.heartbeatError}): lag falls back to Seconds_Behind_Master.`,
    });
  }

  const replicas = servers.filter((s) => s.role === "replica" || s.role === "co-master");
  // Reads cannot fall back to a writer nobody reaches: no_writer says it all then.
  if (w?.reachable && replicas.length > 0 && replicas.every((s) => !s.readEligible)) {
    problems.push({
      code: "all_replicas_past_cutoff",
      serverId: w.id,
      clusterId,
      severity: "critical",
      message: `Every replica is past the ${cutoff} s cutoff or unknown: reads fall back to the writer ${w.id}.`,
    });
  }

  if (w?.reachable && w.threadsRunning != null && w.threadsRunning >= overload.threadsRunning) {
    problems.push({
      code: "writer_overloaded",
      serverId: w.id,
      clusterId,
      severity: "critical",
      message: `The writer ${w.id} has ${w.threadsRunning} threads running (limit ${overload.threadsRunning}).`,
    });
  }
  for (const s of servers) {
    if (s.reachable && s.threadsConnected != null && s.maxConnections && s.threadsConnected >= overload.connectionsRatio * s.maxConnections) {
      problems.push({
        code: "connections_near_max",
        serverId: s.id,
        clusterId,
        severity: s.role === "writer" ? "critical" : "warning",
        message: `${s.id} has ${s.threadsConnected} of ${s.maxConnections} connections in use.`,
      });
    }
  }
  return problems;
}

/** Most severe first; the order within a severity is kept. */
export function sortProblems(problems: Problem[]): Problem[] {
  const rank = { critical: 0, warning: 1 } as const;
  return problems.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
