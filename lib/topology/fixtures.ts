import type { FleetSnapshot, ServerSample } from "@/lib/collector/types";
import type { ProcessRow, ReplicationChannel, ServerVariables } from "@/lib/mysql/types";

/** Plain-object builders for the story's fleet, for unit tests of the pure topology functions. */

export const NOW = Date.parse("2026-11-27T09:15:00Z");

export function variables(serverId: number, readOnly: boolean): ServerVariables {
  return {
    serverId,
    version: "10.11.19-MariaDB",
    dialect: "mariadb",
    readOnly,
    superReadOnly: null,
    logBin: true,
    logReplicaUpdates: true,
    gtidMode: "ON",
    gtidExecuted: `0-${serverId}-100`,
    gtidCurrentPos: `0-1-100`,
    maxConnections: 151,
  };
}

export function channel(sourcePort: number, sourceServerId: number, over: Partial<ReplicationChannel> = {}): ReplicationChannel {
  return {
    channel: "",
    sourceHost: "127.0.0.1",
    sourcePort,
    sourceServerId,
    ioState: "running",
    ioRunning: true,
    sqlRunning: true,
    secondsBehindSource: 0,
    lastIoErrno: 0,
    lastIoError: null,
    lastSqlErrno: 0,
    lastSqlError: null,
    readSourceLogFile: "bin.000001",
    readSourceLogPos: 1000,
    execSourceLogFile: "bin.000001",
    execSourceLogPos: 1000,
    relayLogFile: "relay.000002",
    relayLogPos: 500,
    retrievedGtidSet: "0-1-100",
    executedGtidSet: null,
    usingGtid: true,
    sqlThreadState: "Slave has read all relay log; waiting for more updates",
    ...over,
  };
}

export function sample(id: string, n: number, over: Partial<ServerSample> = {}): ServerSample {
  return {
    id,
    name: id,
    host: "127.0.0.1",
    port: 33060 + n,
    sampledAt: NOW,
    reachable: true,
    error: null,
    lastSeenAt: NOW,
    variables: variables(n, n !== 1),
    replication: [],
    status: { uptimeSeconds: 100, questions: 1000, comInsert: 1, comUpdate: 1, comDelete: 0, comReplace: 0, threadsRunning: 2, threadsConnected: 10 },
    rates: { queriesPerSecond: 10, writesPerSecond: 2 },
    // every server sees db1's row; db1 reads its own, freshly stamped
    heartbeats: [{ serverId: 1, ageSeconds: 0.4 }],
    heartbeatError: null,
    processlist: [],
    selfThreadIds: [],
    ...over,
  };
}

/** db1 <-> db2 master-master, db3 and db4 replicas of db1, all healthy. */
export function storyFleet(over: Record<string, Partial<ServerSample>> = {}): FleetSnapshot {
  return {
    generatedAt: NOW,
    lagCutoffSeconds: 30,
    pollIntervalMs: 1000,
    servers: [
      sample("db1", 1, { replication: [channel(33062, 2)], ...over.db1 }),
      sample("db2", 2, { replication: [channel(33061, 1)], ...over.db2 }),
      sample("db3", 3, { replication: [channel(33061, 1)], ...over.db3 }),
      sample("db4", 4, { replication: [channel(33061, 1)], ...over.db4 }),
    ],
  };
}

/** One processlist row: a client statement by default. */
export function thread(id: number, over: Partial<ProcessRow> = {}): ProcessRow {
  return { id, user: "shop", host: "10.0.0.5:51234", db: "shop", command: "Query", timeSeconds: 1, state: "User sleep", info: "SELECT 1", ...over };
}

/** The story's frozen master: db1 not answering for 40 s, everyone else still pointing at it. */
export function frozenWriterFleet(over: Record<string, Partial<ServerSample>> = {}): FleetSnapshot {
  const frozen: Partial<ServerSample> = { reachable: false, error: "connect ETIMEDOUT 127.0.0.1:33061", lastSeenAt: NOW - 40_000, heartbeats: [] };
  const waiting = { heartbeats: [{ serverId: 1, ageSeconds: 40 }], replication: [channel(33061, 1, { secondsBehindSource: 0 })] };
  return storyFleet({ db1: { ...frozen, ...over.db1 }, db2: { ...waiting, ...over.db2 }, db3: { ...waiting, ...over.db3 }, db4: { ...waiting, ...over.db4 } });
}

/** After the emergency switch: db2 writable, its channel to the frozen db1 broken; db3, db4 moved to db2. */
export function switchedAwayFromFrozenFleet(): FleetSnapshot {
  const broken = channel(33061, 1, { ioRunning: false, ioState: "connecting", secondsBehindSource: null, lastIoErrno: 2003, lastIoError: "error reconnecting to master 'repl@127.0.0.1:33061' - retry-time: 60" });
  const moved = { replication: [channel(33062, 2)], heartbeats: [{ serverId: 2, ageSeconds: 0.5 }] };
  return frozenWriterFleet({
    db2: { variables: variables(2, false), replication: [broken], heartbeats: [{ serverId: 2, ageSeconds: 0.3 }] },
    db3: moved,
    db4: moved,
  });
}

/**
 * Three clusters: the story's shop (db1..db4); auth, db5 the writer, db6 its replica and db7 a
 * replica of db6 (a chain); analytics, db8 and db9 two writers feeding db10 through two channels.
 */
export function threeClusterFleet(over: Record<string, Partial<ServerSample>> = {}): FleetSnapshot {
  const shop = storyFleet(over).servers;
  const hb = (...ids: number[]) => ids.map((serverId) => ({ serverId, ageSeconds: 0.4 }));
  return {
    generatedAt: NOW,
    lagCutoffSeconds: 30,
    pollIntervalMs: 1000,
    servers: [
      ...shop,
      sample("db5", 5, { variables: variables(5, false), heartbeats: hb(5), ...over.db5 }),
      sample("db6", 6, { replication: [channel(33065, 5)], heartbeats: hb(5), ...over.db6 }),
      sample("db7", 7, { replication: [channel(33066, 6)], heartbeats: hb(5), ...over.db7 }),
      sample("db8", 8, { variables: variables(8, false), heartbeats: hb(8), ...over.db8 }),
      sample("db9", 9, { variables: variables(9, false), heartbeats: hb(9), ...over.db9 }),
      sample("db10", 10, {
        replication: [channel(33068, 8, { channel: "db8" }), channel(33069, 9, { channel: "db9" })],
        heartbeats: hb(8, 9),
        ...over.db10,
      }),
    ],
  };
}
