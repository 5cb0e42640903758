/**
 * What the pure core reads about a server, and nothing more. Declared here rather than imported from
 * the I/O modules so that every shape of a server satisfies it structurally: the collector's poll
 * (ServerSample) and the failover's fresh probe (ServerProbe) alike.
 */

/** Where a replication channel reads from. */
export interface SourceAddress {
  sourceHost: string;
  sourcePort: number;
  /** the source's server_id, when the channel reports it */
  sourceServerId?: number | null;
}

/** The least a server must say for its replication to be placed in the fleet. */
export interface ReplicatingServer {
  id: string;
  host: string;
  port: number;
  variables: { serverId: number } | null;
  /** one entry per channel, the first one first */
  replication: readonly SourceAddress[];
}

/** One replication channel, as the analysis reads it. */
export interface ChannelInput extends SourceAddress {
  /** "" for the default channel (MySQL Channel_Name, MariaDB Connection_name) */
  channel: string;
  ioState: "running" | "connecting" | "stopped";
  ioRunning: boolean;
  sqlRunning: boolean;
  secondsBehindSource: number | null;
  lastIoError: string | null;
  lastSqlError: string | null;
  usingGtid: boolean;
  execSourceLogFile: string | null;
  execSourceLogPos: number | null;
  retrievedGtidSet: string | null;
  sqlThreadState: string | null;
}

/** One server as the analysis reads it. */
export interface ServerInput extends ReplicatingServer {
  name: string;
  reachable: boolean;
  error: string | null;
  /** ms of the last successful poll; null if never */
  lastSeenAt: number | null;
  heartbeatError: string | null;
  variables: {
    serverId: number;
    version: string;
    readOnly: boolean;
    superReadOnly: boolean | null;
    maxConnections: number;
  } | null;
  replication: readonly ChannelInput[];
  status: { threadsRunning: number; threadsConnected: number } | null;
  rates: { queriesPerSecond: number; writesPerSecond: number } | null;
  /** heartbeat rows seen on this server, aged by its clock */
  heartbeats: readonly { serverId: number; ageSeconds: number }[];
  /** its threads (SHOW PROCESSLIST), when the caller polled them */
  processlist?: readonly ThreadInput[];
  /** ids of the console's own connections among them */
  selfThreadIds?: readonly number[];
}

/** One thread of a server's processlist. */
export interface ThreadInput {
  id: number;
  user: string;
  host: string;
  db: string | null;
  command: string;
  timeSeconds: number;
  state: string | null;
  info: string | null;
}

/** The fleet at one instant. */
export interface FleetInput {
  generatedAt: number;
  lagCutoffSeconds: number;
  pollIntervalMs: number;
  servers: readonly ServerInput[];
}
