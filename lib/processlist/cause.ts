import type { ServerWriters } from "@/lib/collector/collector";
import type { FleetSnapshot } from "@/lib/collector/types";
import type { Problem, TopologyView } from "@/lib/topology/types";
import { replicaActivityOf, sourceIdResolver } from "./replica-activity";
import { statementTarget } from "./statement-target";
import type { StatementReader } from "./visible-text";

/** Where the full views live, so a dashboard link lands on them. */
export const writersHref = (serverId: string) => `/servers/${encodeURIComponent(serverId)}#writers`;
export const replicaActivityHref = (serverId: string) => `/processlist?server=${encodeURIComponent(serverId)}#replica-activity`;

/** Why one lagging replica is behind: what its SQL thread applies, and who writes most where it replicates from. */
export interface ReplicaCause {
  serverId: string;
  lagSeconds: number | null;
  /** The event its SQL thread applies now; null while it waits for events. */
  applying: {
    /** The statement's verb: UPDATE, INSERT, ALTER ... */
    kind: string | null;
    table: string | null;
    /** The statement as the caller may read it. */
    statement: string;
    forSeconds: number | null;
  } | null;
  /** The full view of what the replicas apply. */
  applyingHref: string;
  /** The server its writes come from; null when its source is none of ours. */
  sourceId: string | null;
  /** The statement writing most on the source now; null when none is seen. */
  topWriter: {
    account: string;
    kind: string;
    table: string | null;
    fingerprint: string;
    /** Rows written a second while it ran; null from processlist sampling, which cannot count rows. */
    rowsPerSecond: number | null;
    /** Seconds it spent executing (or was seen running) in the window. */
    seconds: number;
    source: ServerWriters["source"];
  } | null;
  /** The full "who is writing" view on the source; null without one. */
  writersHref: string | null;
}

/** The page that acts on a problem, and what the link says. */
export interface ProblemAction {
  code: string;
  serverId: string | null;
  href: string;
  label: string;
}

/** GET /api/causes's body. */
export interface CauseView {
  generatedAt: string;
  replicas: ReplicaCause[];
  actions: ProblemAction[];
}

export interface CauseInput {
  snapshot: FleetSnapshot;
  topology: Pick<TopologyView, "generatedAt" | "writer" | "lagCutoffSeconds" | "servers" | "problems"> & Partial<Pick<TopologyView, "clusters">>;
  /** Who is writing on a server (the collector's writersOf). */
  writersOf(serverId: string, by: "time" | "rows", limit: number): ServerWriters | null;
  longQuerySeconds: number;
  read: StatementReader;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Who writes most on a server: by rows where the server counts them, else by time seen running. */
function topWriterOf(input: CauseInput, serverId: string): ReplicaCause["topWriter"] {
  const byRows = input.writersOf(serverId, "rows", 1);
  const writers = byRows?.source === "performance_schema" ? byRows : input.writersOf(serverId, "time", 1);
  const w = writers?.top[0];
  if (!writers || !w) return null;
  const fingerprint = input.read(w.fingerprint) ?? "";
  // The rate while it ran: rows over the span from its first to its last sighting in the window.
  const spanSeconds = Math.max(1, (w.lastSeenAt - w.firstSeenAt) / 1000, w.seenSeconds);
  return {
    // Digests name no account until performance_schema's threads or a sampling saw who ran it.
    account: w.accounts?.length === 0 ? "unknown account" : `${w.user}@${w.host}`,
    kind: w.kind,
    table: statementTarget(fingerprint).table,
    fingerprint,
    rowsPerSecond: w.rowsWritten == null ? null : round1(w.rowsWritten / spanSeconds),
    seconds: w.seenSeconds,
    source: writers.source,
  };
}

/** The action link for each problem, by code; a code not listed gets no link. */
function actionOf(p: Problem, input: CauseInput): ProblemAction | null {
  const { topology } = input;
  const server = topology.servers.find((s) => s.id === p.serverId);
  // Each problem belongs to a cluster with its own writer (the first cluster's where none is named).
  const clusterWriter = topology.clusters?.find((c) => c.id === p.clusterId)?.writer ?? topology.writer;
  const writerOf = (s: typeof server) => s?.replication?.sourceId ?? clusterWriter;
  const link = (href: string, label: string): ProblemAction => ({ code: p.code, serverId: p.serverId, href, label });
  const whoIsWriting = (writer: string | null) => (writer ? link(writersHref(writer), `Who is writing on ${writer}`) : null);
  const processlist = (query: Record<string, string | number>, label: string) =>
    link(`/processlist?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`, label);
  // A string, not ProblemCode: codes added to the topology later (long_running_query) map here too.
  switch (p.code as string) {
    case "replica_lagging":
      return whoIsWriting(writerOf(server));
    case "all_replicas_past_cutoff":
      return whoIsWriting(clusterWriter);
    case "long_running_query":
      return p.serverId ? processlist({ server: p.serverId, minTime: input.longQuerySeconds, kind: "client" }, "Open in the processlist") : null;
    case "writer_overloaded":
    case "connections_near_max":
      return p.serverId ? processlist({ server: p.serverId, kind: "client" }, `Client threads on ${p.serverId}`) : null;
    case "replication_stopped":
    case "replication_error":
      return p.serverId ? link(replicaActivityHref(p.serverId), `What ${p.serverId} applies`) : null;
    case "no_writer":
    case "multiple_writers": {
      const candidate = topology.servers.find((s) => s.reachable && s.coMasterOf && s.role !== "writer" && (p.clusterId == null || s.clusterId === p.clusterId));
      return candidate ? link(`/failover?candidate=${encodeURIComponent(candidate.id)}`, `Failover plan to ${candidate.id}`) : link("/failover", "Failover plan");
    }
    case "app_workers_exhausted":
    case "app_server_unreachable":
    case "maintenance":
      return link("/maintenance", "Maintenance switch");
    default:
      return null;
  }
}

/**
 * The cause beside each symptom: for every lagging replica what its SQL thread applies and who
 * writes most on its source, and for every problem the page that acts on it. Statements read as
 * the caller may read them.
 */
export function causeView(input: CauseInput): CauseView {
  const { snapshot, topology, read } = input;
  const sourceIdOf = sourceIdResolver(topology.servers.map((s) => s.replication));
  const lagging = topology.servers.filter(
    (s) => s.replication && (s.health === "lagging" || (s.lagSeconds !== null && s.lagSeconds > topology.lagCutoffSeconds)),
  );
  const replicas = lagging.map((server): ReplicaCause => {
    const sample = snapshot.servers.find((s) => s.id === server.id);
    const activity = sample?.reachable ? replicaActivityOf(sample, sourceIdOf)[0] : undefined;
    const statement = read(activity?.applying ?? null);
    const sourceId = server.replication?.sourceId ?? activity?.sourceId ?? null;
    return {
      serverId: server.id,
      lagSeconds: server.lagSeconds,
      applying: statement
        ? { ...kindAndTable(statement), statement, forSeconds: activity?.applyingForSeconds ?? null }
        : null,
      applyingHref: replicaActivityHref(server.id),
      sourceId,
      topWriter: sourceId ? topWriterOf(input, sourceId) : null,
      writersHref: sourceId ? writersHref(sourceId) : null,
    };
  });
  return {
    generatedAt: topology.generatedAt,
    replicas,
    actions: topology.problems.map((p) => actionOf(p, input)).filter((a): a is ProblemAction => a !== null),
  };
}

function kindAndTable(statement: string): { kind: string | null; table: string | null } {
  const t = statementTarget(statement);
  return { kind: t.verb, table: t.table };
}
