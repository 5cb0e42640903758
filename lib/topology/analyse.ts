import { formatClock } from "@/lib/time";
import type { FleetInput, ServerInput } from "./input";
import { replicaLag, type Lag } from "./lag";
import { longQueryProblems } from "./long-queries";
import type { ReplicationGraph } from "./replication";
import { deriveRoles } from "./roles";
import type { Health, Problem, ReplicationView, Role, ServerView, TopologyView } from "./types";

export interface AnalyseOptions {
  /** Writer overload thresholds. */
  overload: { threadsRunning: number; connectionsRatio: number };
  /** Display names by id, from the config. */
  names?: Record<string, string>;
  now?: number;
  /** `processlist.longQuerySeconds`: client statements past it are problems; none without it. */
  longQuerySeconds?: number;
}

const DEFAULT_OVERLOAD = { threadsRunning: 20, connectionsRatio: 0.8 };

function channelError(s: ServerInput): string | null {
  const c = s.replication[0];
  if (!c) return null;
  return c.lastSqlError ?? c.lastIoError ?? null;
}

/** Why a reachable server's health reads as it does, beyond its own sample. */
export interface HealthContext {
  /** its channel's source cannot be reached: a broken IO thread is expected, not an error */
  sourceDown?: boolean;
  /** the writer cannot be reached, so an unknown lag is the writer's, not this replica's */
  writerDown?: boolean;
}

/** Health of one server: unreachable, replication error, stopped, lagging past the cutoff, unknown, or ok. */
export function healthOf(s: ServerInput, role: Role, lag: Lag, cutoff: number, ctx: HealthContext = {}): Health {
  if (!s.reachable) return "unreachable";
  const c = s.replication[0];
  if (!c) return "ok";
  if (ctx.sourceDown && isIoBreakOnly(c)) {
    if (role === "writer") return "ok";
    if (lag.lagSeconds == null) return "unknown";
    return lag.lagSeconds > cutoff ? "lagging" : "ok";
  }
  if (channelError(s) && (!c.sqlRunning || !c.ioRunning)) return "error";
  if (!c.sqlRunning || c.ioState === "stopped") return "stopped";
  if (role !== "writer" && lag.lagSeconds == null && ctx.writerDown) return "unknown";
  if (role !== "writer" && (lag.lagSeconds == null || lag.lagSeconds > cutoff)) return "lagging";
  return "ok";
}

/** Only the IO side is broken: the SQL thread runs without an error (it applies what was received). */
function isIoBreakOnly(c: ServerInput["replication"][number]): boolean {
  return c.sqlRunning && !c.lastSqlError;
}

/** A replica may serve reads when it is reachable, replicating, and its known lag is within the cutoff. */
export function isReadEligible(s: ServerInput, role: Role, lag: Lag, cutoff: number): boolean {
  if (role !== "replica" && role !== "co-master") return false;
  if (!s.reachable || s.replication.length === 0) return false;
  return lag.lagSeconds != null && lag.lagSeconds <= cutoff;
}

function replicationView(s: ServerInput, graph: ReplicationGraph): ReplicationView | null {
  const c = s.replication[0];
  if (!c) return null;
  return {
    sourceId: graph.sourceOf(s.id),
    sourceHost: c.sourceHost,
    sourcePort: c.sourcePort,
    ioRunning: c.ioRunning,
    ioState: c.ioState,
    sqlRunning: c.sqlRunning,
    lastError: c.lastSqlError ?? c.lastIoError ?? null,
    secondsBehindSource: c.secondsBehindSource,
    sqlThreadState: c.sqlThreadState,
    usingGtid: c.usingGtid,
    execSourceLogFile: c.execSourceLogFile,
    execSourceLogPos: c.execSourceLogPos,
    retrievedGtidSet: c.retrievedGtidSet,
  };
}

function lagNoteOf(writerDown: boolean, unreachableSource: string | null): string | null {
  if (writerDown) return "unknown: the writer's heartbeat stopped";
  return unreachableSource ? `unknown: its source ${unreachableSource} cannot be reached` : null;
}

function expectedBreakNote(role: Role, source: string): string {
  return role === "writer"
    ? `Expected: this channel reads from ${source}, the old writer, which cannot be reached; it resumes when ${source} answers.`
    : `Expected: its source ${source} cannot be reached; the channel resumes when ${source} answers.`;
}

/** Snapshot -> the topology view: roles, lag, health, read eligibility and problems. Pure. */
export function analyseFleet(snapshot: FleetInput, options: Partial<AnalyseOptions> = {}): TopologyView {
  const now = options.now ?? snapshot.generatedAt;
  const overload = options.overload ?? DEFAULT_OVERLOAD;
  const cutoff = snapshot.lagCutoffSeconds;
  const fleet = snapshot.servers;
  const { writer, writable, roles, coMasterOf, graph } = deriveRoles(fleet);
  const writerSample = fleet.find((s) => s.id === writer);
  const writerDown = writerSample != null && !writerSample.reachable;
  const unreachable = new Set(fleet.filter((s) => !s.reachable).map((s) => s.id));

  const servers: ServerView[] = fleet.map((s) => {
    const role = roles.get(s.id) ?? "unknown";
    const source = graph.sourceOf(s.id);
    // A channel whose source is gone cannot work: after an emergency switch, the new writer's to the old one.
    const sourceDown = s.reachable && source != null && unreachable.has(source) && isIoBreakOnly(s.replication[0]);
    let lag: Lag =
      role === "writer" && (s.replication.length === 0 || sourceDown)
        ? { lagSeconds: s.reachable ? 0 : null, lagSource: null }
        : replicaLag(s, writerSample, now, snapshot.pollIntervalMs);
    // Seconds_Behind reads 0 while the IO thread waits on a frozen writer: nothing can be known.
    const lagUnknown = writerDown && s.reachable && role !== "writer";
    if (lagUnknown) lag = { lagSeconds: null, lagSource: null };
    const live = s.reachable;
    return {
      id: s.id,
      name: options.names?.[s.id] ?? s.name,
      role,
      reachable: s.reachable,
      lastSeenAt: s.lastSeenAt == null ? null : new Date(s.lastSeenAt).toISOString(),
      staleSeconds: s.lastSeenAt == null ? null : Math.max(0, Math.round((now - s.lastSeenAt) / 100) / 10),
      error: s.error,
      heartbeatError: s.heartbeatError,
      version: s.variables?.version ?? null,
      serverId: s.variables?.serverId ?? null,
      readOnly: s.variables?.readOnly ?? null,
      superReadOnly: s.variables?.superReadOnly ?? null,
      lagSeconds: lag.lagSeconds,
      lagSource: lag.lagSource,
      health: healthOf(s, role, lag, cutoff, { sourceDown, writerDown }),
      readEligible: isReadEligible(s, role, lag, cutoff),
      coMasterOf: coMasterOf.get(s.id) ?? null,
      threadsRunning: live ? (s.status?.threadsRunning ?? null) : null,
      threadsConnected: live ? (s.status?.threadsConnected ?? null) : null,
      maxConnections: s.variables?.maxConnections ?? null,
      queriesPerSecond: live ? (s.rates?.queriesPerSecond ?? null) : null,
      writesPerSecond: live ? (s.rates?.writesPerSecond ?? null) : null,
      replication: replicationView(s, graph),
      lagNote: lagNoteOf(lagUnknown, sourceDown && role !== "writer" && lag.lagSeconds == null ? source : null),
      replicationNote: sourceDown ? expectedBreakNote(role, source!) : null,
    };
  });
  const longQueries = options.longQuerySeconds == null ? [] : longQueryProblems(fleet, options.longQuerySeconds);

  return {
    generatedAt: new Date(snapshot.generatedAt).toISOString(),
    lagCutoffSeconds: cutoff,
    pollIntervalMs: snapshot.pollIntervalMs,
    writer,
    servers,
    problems: findProblems(servers, writer, writable, cutoff, overload, longQueries),
  };
}

/** The analysis codes an on-call engineer acts on, most severe first. */
export function findProblems(
  servers: ServerView[],
  writer: string | null,
  writable: string[],
  cutoff: number,
  overload: AnalyseOptions["overload"],
  longQueries: Problem[] = [],
): Problem[] {
  const problems: Problem[] = [];
  const w = servers.find((s) => s.id === writer);

  if (!w) {
    problems.push({ code: "no_writer", serverId: null, severity: "critical", message: "No writer found: no reachable server accepts writes." });
  } else if (!w.reachable) {
    const forSeconds = w.staleSeconds == null ? null : Math.round(w.staleSeconds);
    const since = w.lastSeenAt ? ` since ${formatClock(w.lastSeenAt)} UTC, for ${forSeconds} s` : " since the console started";
    problems.push({
      code: "no_writer",
      serverId: w.id,
      severity: "critical",
      message: `Writes fail${since}: the writer ${w.id} cannot be reached.`,
      ...(w.error && { details: w.error }),
      since: w.lastSeenAt,
      forSeconds,
      candidateId: w.coMasterOf,
    });
  }
  if (writable.length > 1) {
    problems.push({
      code: "multiple_writers",
      serverId: null,
      severity: "critical",
      message: `More than one server accepts writes (${writable.join(", ")}): the data can go out of sync.`,
    });
  }

  for (const s of servers) {
    if (!s.reachable) {
      problems.push({ code: "server_unreachable", serverId: s.id, severity: "critical", message: `${s.id} cannot be reached.`, ...(s.error && { details: s.error }) });
    } else if (s.health === "error") {
      problems.push({ code: "replication_error", serverId: s.id, severity: "critical", message: `Replication on ${s.id} failed: ${s.replication?.lastError ?? "unknown error"}.` });
    } else if (s.health === "stopped") {
      const which = s.replication && !s.replication.sqlRunning ? "SQL thread" : "IO thread";
      problems.push({ code: "replication_stopped", serverId: s.id, severity: "warning", message: `Replication on ${s.id} is stopped (${which}).` });
    }
    if (s.role !== "writer" && s.replication && s.reachable && s.lagSeconds != null && s.lagSeconds > cutoff) {
      problems.push({
        code: "replica_lagging",
        serverId: s.id,
        severity: "warning",
        message: `${s.id} is ${s.lagSeconds.toFixed(1)} s behind, past the ${cutoff} s read cutoff.`,
      });
    }
  }

  if (w?.reachable && w.heartbeatError) {
    problems.push({
      code: "heartbeat_failing",
      serverId: w.id,
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
      severity: "critical",
      message: `Every replica is past the ${cutoff} s cutoff or unknown: reads fall back to the writer ${w.id}.`,
    });
  }

  if (w?.reachable) {
    if (w.threadsRunning != null && w.threadsRunning >= overload.threadsRunning) {
      problems.push({
        code: "writer_overloaded",
        serverId: w.id,
        severity: "critical",
        message: `The writer ${w.id} has ${w.threadsRunning} threads running (limit ${overload.threadsRunning}).`,
      });
    }
  }
  for (const s of servers) {
    if (s.reachable && s.threadsConnected != null && s.maxConnections && s.threadsConnected >= overload.connectionsRatio * s.maxConnections) {
      problems.push({
        code: "connections_near_max",
        serverId: s.id,
        severity: s.role === "writer" ? "critical" : "warning",
        message: `${s.id} has ${s.threadsConnected} of ${s.maxConnections} connections in use.`,
      });
    }
  }

  problems.push(...longQueries);
  const rank = { critical: 0, warning: 1 } as const;
  return problems.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
