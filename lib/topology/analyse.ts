import { groupClusters, type ClusterSetting } from "./clusters";
import { healthOf, isIoBreakOnly, isReadEligible, worseHealth } from "./health";
import type { ChannelInput, FleetInput, ServerInput } from "./input";
import { replicaLag, type Lag } from "./lag";
import { longQueryProblems } from "./long-queries";
import { clusterProblems, sortProblems, type Overload } from "./problems";
import { replicationGraph, type ReplicationGraph } from "./replication";
import { deriveRoles, type Roles } from "./roles";
import type { ChannelView, ClusterView, Health, Problem, ReplicationView, Role, ServerView, TopologyView } from "./types";

export { healthOf, isReadEligible, type HealthContext } from "./health";

export interface AnalyseOptions {
  /** Writer overload thresholds. */
  overload: Overload;
  /** Display names by id, from the config. */
  names?: Record<string, string>;
  now?: number;
  /** `processlist.longQuerySeconds`: client statements past it are problems; none without it. */
  longQuerySeconds?: number;
  /** server id -> the config's `cluster` label of it */
  clusterLabels?: Record<string, string | undefined>;
  /** the config's `clusters`: per-cluster names and cutoffs */
  clusterSettings?: readonly ClusterSetting[];
}

const DEFAULT_OVERLOAD = { threadsRunning: 20, connectionsRatio: 0.8 };

function replicationView(c: ChannelInput, sourceId: string | null): ReplicationView {
  return {
    sourceId,
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

/** One channel judged: its lag from the heartbeat of the writer it leads to, its health, and why. */
interface JudgedChannel {
  view: ChannelView;
  lag: Lag;
  lagNote: string | null;
  replicationNote: string | null;
}

/** What judging a server's channels reads about its cluster. */
interface ClusterContext {
  roles: Roles;
  graph: ReplicationGraph;
  byId: ReadonlyMap<string, ServerInput>;
  cutoff: number;
  now: number;
  pollIntervalMs: number;
  /** servers some other server of the cluster replicates from */
  feeds: ReadonlySet<string>;
}

/** The writer a channel leads to: up its source's first channels, to the first writer met (bounded by the fleet). */
function writerUpstream(sourceId: string | null, ctx: ClusterContext): string | null {
  let cur = sourceId;
  for (let hops = 0; cur != null && hops <= ctx.byId.size; hops++) {
    if (ctx.roles.writers.includes(cur)) return cur;
    cur = ctx.graph.sourceOf(cur);
  }
  return ctx.roles.writer;
}

function judgeChannel(s: ServerInput, role: Role, c: ChannelInput, sourceId: string | null, ctx: ClusterContext): JudgedChannel {
  const writer = ctx.byId.get(writerUpstream(sourceId, ctx) ?? "");
  const writerDown = writer != null && !writer.reachable;
  const source = sourceId == null ? undefined : ctx.byId.get(sourceId);
  // A channel whose source is gone cannot work: after an emergency switch, the new writer's to the old one.
  const sourceDown = s.reachable && source != null && !source.reachable && isIoBreakOnly(c);
  let lag: Lag =
    role === "writer" && sourceDown ? { lagSeconds: s.reachable ? 0 : null, lagSource: null } : replicaLag(s, writer, ctx.now, ctx.pollIntervalMs, c);
  // Seconds_Behind reads 0 while the IO thread waits on a frozen writer: nothing can be known.
  const lagUnknown = writerDown && s.reachable && role !== "writer";
  if (lagUnknown) lag = { lagSeconds: null, lagSource: null };
  const health = healthOf(s, role, lag, ctx.cutoff, { sourceDown, writerDown }, c);
  return {
    view: { ...replicationView(c, sourceId), name: c.channel, lagSeconds: lag.lagSeconds, health },
    lag,
    lagNote: lagNoteOf(lagUnknown, sourceDown && role !== "writer" && lag.lagSeconds == null ? sourceId : null),
    replicationNote: sourceDown ? expectedBreakNote(role, sourceId!) : null,
  };
}

/** The channel a server is judged by: the worst health, then the largest (or unknown) lag. */
function worst(channels: readonly JudgedChannel[]): JudgedChannel | undefined {
  const lagOf = (c: JudgedChannel) => c.lag.lagSeconds ?? Infinity;
  return channels.reduce<JudgedChannel | undefined>((a, b) => {
    if (!a) return b;
    if (worseHealth(b.view.health, a.view.health)) return b;
    return b.view.health === a.view.health && lagOf(b) > lagOf(a) ? b : a;
  }, undefined);
}

function serverView(s: ServerInput, clusterId: string, ctx: ClusterContext, names: Record<string, string> | undefined): ServerView {
  const { roles, graph } = ctx;
  const role = roles.roles.get(s.id) ?? "unknown";
  const sources = graph.sourcesOf(s.id);
  const channels = s.replication.map((c, i) => judgeChannel(s, role, c, sources[i] ?? null, ctx));
  const judged = worst(channels);
  let lag: Lag;
  let health: Health;
  if (!judged) {
    lag =
      role === "writer"
        ? { lagSeconds: s.reachable ? 0 : null, lagSource: null }
        : replicaLag(s, ctx.byId.get(roles.writer ?? ""), ctx.now, ctx.pollIntervalMs);
    health = healthOf(s, role, lag, ctx.cutoff);
  } else {
    lag = judged.lag;
    health = judged.view.health;
  }
  const live = s.reachable;
  return {
    id: s.id,
    name: names?.[s.id] ?? s.name,
    clusterId,
    role,
    reachable: s.reachable,
    lastSeenAt: s.lastSeenAt == null ? null : new Date(s.lastSeenAt).toISOString(),
    staleSeconds: s.lastSeenAt == null ? null : Math.max(0, Math.round((ctx.now - s.lastSeenAt) / 100) / 10),
    error: s.error,
    heartbeatError: s.heartbeatError,
    version: s.variables?.version ?? null,
    serverId: s.variables?.serverId ?? null,
    readOnly: s.variables?.readOnly ?? null,
    superReadOnly: s.variables?.superReadOnly ?? null,
    lagSeconds: lag.lagSeconds,
    lagSource: lag.lagSource,
    health,
    readEligible: isReadEligible(s, role, lag, ctx.cutoff),
    coMasterOf: roles.coMasterOf.get(s.id) ?? null,
    threadsRunning: live ? (s.status?.threadsRunning ?? null) : null,
    threadsConnected: live ? (s.status?.threadsConnected ?? null) : null,
    maxConnections: s.variables?.maxConnections ?? null,
    queriesPerSecond: live ? (s.rates?.queriesPerSecond ?? null) : null,
    writesPerSecond: live ? (s.rates?.writesPerSecond ?? null) : null,
    replication: channels[0] ? stripChannel(channels[0].view) : null,
    channels: channels.map((c) => c.view),
    relaying: role === "replica" && ctx.feeds.has(s.id),
    lagNote: judged?.lagNote ?? null,
    replicationNote: judged?.replicationNote ?? null,
  };
}

function stripChannel({ name: _name, lagSeconds: _lag, health: _health, ...replication }: ChannelView): ReplicationView {
  return replication;
}

/** Snapshot -> the topology view: clusters, roles, lag, health, read eligibility and problems. Pure. */
export function analyseFleet(snapshot: FleetInput, options: Partial<AnalyseOptions> = {}): TopologyView {
  const now = options.now ?? snapshot.generatedAt;
  const overload = options.overload ?? DEFAULT_OVERLOAD;
  const fleet = snapshot.servers;
  const graph = replicationGraph(fleet);
  const groups = groupClusters(fleet, graph, {
    labels: options.clusterLabels,
    settings: options.clusterSettings,
    lagCutoffSeconds: snapshot.lagCutoffSeconds,
  });
  const views = new Map<string, ServerView>();
  const clusters: ClusterView[] = [];
  const problems: Problem[] = [];
  const clusterOf = new Map<string, string>();
  for (const group of groups) {
    const ids = new Set(group.serverIds);
    const members = fleet.filter((s) => ids.has(s.id));
    const roles = deriveRoles(members, graph);
    const ctx: ClusterContext = {
      roles,
      graph,
      byId: new Map(members.map((s) => [s.id, s])),
      cutoff: group.lagCutoffSeconds,
      feeds: new Set(members.flatMap((s) => graph.sourcesOf(s.id).filter((src): src is string => src != null && src !== s.id))),
      now,
      pollIntervalMs: snapshot.pollIntervalMs,
    };
    const servers = members.map((s) => serverView(s, group.id, ctx, options.names));
    for (const v of servers) {
      views.set(v.id, v);
      clusterOf.set(v.id, group.id);
    }
    clusters.push({
      id: group.id,
      name: group.name,
      writer: roles.writer,
      coMaster: roles.writer ? (roles.coMasterOf.get(roles.writer) ?? null) : null,
      lagCutoffSeconds: group.lagCutoffSeconds,
      serverIds: group.serverIds,
    });
    const facts = {
      id: group.id,
      writer: roles.writer,
      splitBrain: roles.splitBrain,
      lagCutoffSeconds: group.lagCutoffSeconds,
      expectsWriter: members.some((s) => s.lastSeenAt != null || s.variables != null) && (members.length > 1 || members.some((s) => s.replication.length > 0)),
      inWords: groups.length > 1 ? ` in ${group.id}` : "",
    };
    problems.push(...clusterProblems(servers, facts, overload));
  }
  if (options.longQuerySeconds != null) problems.push(...longQueryProblems(fleet, options.longQuerySeconds, (id) => clusterOf.get(id) ?? null));

  const first = clusters[0];
  return {
    generatedAt: new Date(snapshot.generatedAt).toISOString(),
    lagCutoffSeconds: first?.lagCutoffSeconds ?? snapshot.lagCutoffSeconds,
    pollIntervalMs: snapshot.pollIntervalMs,
    writer: first?.writer ?? null,
    clusters,
    servers: fleet.map((s) => views.get(s.id)!),
    problems: sortProblems(problems),
  };
}
