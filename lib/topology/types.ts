/** The topology as the API serves it (GET /api/topology). Field names are a stable contract. */

export type Role = "writer" | "co-master" | "replica" | "unknown";
/** "unknown": the lag cannot be measured because the writer is unreachable (see ServerView.lagNote). */
export type Health = "ok" | "lagging" | "stopped" | "error" | "unreachable" | "unknown";
export type LagSource = "heartbeat" | "seconds_behind" | null;

export interface ReplicationView {
  /** Configured id of the server this one replicates from; null when not in the fleet. */
  sourceId: string | null;
  sourceHost: string;
  sourcePort: number;
  ioRunning: boolean;
  ioState: "running" | "connecting" | "stopped";
  sqlRunning: boolean;
  lastError: string | null;
  secondsBehindSource: number | null;
  sqlThreadState: string | null;
  usingGtid: boolean;
  execSourceLogFile: string | null;
  execSourceLogPos: number | null;
  retrievedGtidSet: string | null;
}

/** One replication channel of a server, judged on its own (a multi-source replica has several). */
export interface ChannelView extends ReplicationView {
  /** The channel's name: "" for the default one (MariaDB connection_name, MySQL Channel_Name). */
  name: string;
  /** This channel's lag, from the heartbeat of the writer it leads to where known. */
  lagSeconds: number | null;
  health: Health;
}

/** One replication group: servers connected by replication, with their own writer and cutoff. */
export interface ClusterView {
  /** The config's `cluster` label of its servers, or else its alphabetically first server id. */
  id: string;
  name: string;
  writer: string | null;
  coMaster: string | null;
  lagCutoffSeconds: number;
  serverIds: string[];
}

export interface ServerView {
  id: string;
  name: string;
  /** The cluster this server replicates within (ClusterView.id). */
  clusterId: string;
  role: Role;
  reachable: boolean;
  /** ISO time of the last successful poll; null if never reached. */
  lastSeenAt: string | null;
  /** Seconds since the last successful poll. */
  staleSeconds: number | null;
  error: string | null;
  /** Why the heartbeat cannot be written on this server, when it cannot. */
  heartbeatError: string | null;
  version: string | null;
  serverId: number | null;
  readOnly: boolean | null;
  superReadOnly: boolean | null;
  lagSeconds: number | null;
  lagSource: LagSource;
  health: Health;
  readEligible: boolean;
  /** The master-master partner's id, for the writer and its co-master. */
  coMasterOf: string | null;
  threadsRunning: number | null;
  threadsConnected: number | null;
  maxConnections: number | null;
  queriesPerSecond: number | null;
  writesPerSecond: number | null;
  /** The first channel (the one roles and the failover read); every channel is in `channels`. */
  replication: ReplicationView | null;
  /** Every replication channel, in the server's order; [] for a server that replicates from nobody. */
  channels: ChannelView[];
  /** A replica that others replicate from: an intermediate master in a chain. */
  relaying: boolean;
  /** Why lagSeconds is unknown, in words, when the reason is known ("the writer's heartbeat stopped"). */
  lagNote?: string | null;
  /** A broken channel that is expected, and why (the new writer's channel to the old, unreachable writer). */
  replicationNote?: string | null;
}

export interface Problem {
  code: ProblemCode;
  serverId: string | null;
  /** The cluster it belongs to; null for what belongs to no cluster (the app tier). */
  clusterId: string | null;
  severity: "critical" | "warning";
  message: string;
  /** The raw error behind it (a driver's message), shown folded under "details". */
  details?: string;
  /** long_running_query: the client statement's thread (the statement itself stays in the processlist). */
  query?: LongQuery;
  /** no_writer with a last-known writer: since when writes fail (ISO, its last successful poll), and for how long. */
  since?: string | null;
  forSeconds?: number | null;
  /** no_writer: who may take over (the writer's co-master), for the failover plan. */
  candidateId?: string | null;
}

/** The thread behind a long_running_query problem. */
export interface LongQuery {
  threadId: number;
  user: string;
  host: string;
  timeSeconds: number;
  /** why it is critical: run as root, or typed into a command-line client */
  flags: ("root_user" | "interactive_client")[];
}

export type ProblemCode =
  | "server_unreachable"
  | "replication_stopped"
  | "replication_error"
  | "replica_lagging"
  | "all_replicas_past_cutoff"
  | "writer_overloaded"
  | "connections_near_max"
  | "no_writer"
  | "multiple_writers"
  | "heartbeat_failing"
  | "long_running_query"
  // the app tier's (lib/appservers), joined to these; serverId is then the app server's id
  | "app_workers_exhausted"
  | "app_server_unreachable";

export interface TopologyView {
  generatedAt: string;
  lagCutoffSeconds: number;
  pollIntervalMs: number;
  /** Id of the first cluster's live writer as discovered; null when none. */
  writer: string | null;
  /** Replication groups, the first one first; `writer` and `lagCutoffSeconds` above are the first's. */
  clusters: ClusterView[];
  servers: ServerView[];
  problems: Problem[];
}

/** One history point (GET /api/servers/{id}/history). */
export interface HistoryPoint {
  t: string;
  lagSeconds: number | null;
  qps: number | null;
  writesPerSecond: number | null;
  threadsRunning: number | null;
}
