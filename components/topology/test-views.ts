/** Plain ServerView and ChannelView builders for the picture's and the fleet table's unit tests. */
import type { ChannelView, ClusterView, ServerView } from "@/lib/topology/types";

export function channelView(sourceId: string | null, over: Partial<ChannelView> = {}): ChannelView {
  return {
    name: "",
    sourceId,
    sourceHost: "127.0.0.1",
    sourcePort: 3306,
    ioRunning: true,
    ioState: "running",
    sqlRunning: true,
    lastError: null,
    secondsBehindSource: 0,
    sqlThreadState: null,
    usingGtid: true,
    execSourceLogFile: null,
    execSourceLogPos: null,
    retrievedGtidSet: null,
    lagSeconds: 0.5,
    health: "ok",
    ...over,
  };
}

export function serverView(id: string, over: Partial<ServerView> = {}): ServerView {
  const channels = over.channels ?? [];
  return {
    id,
    name: id,
    clusterId: "shop",
    role: "replica",
    reachable: true,
    lastSeenAt: "2026-11-27T09:15:00.000Z",
    staleSeconds: 0,
    error: null,
    heartbeatError: null,
    version: "10.11.19-MariaDB",
    serverId: 1,
    readOnly: true,
    superReadOnly: null,
    lagSeconds: channels[0]?.lagSeconds ?? null,
    lagSource: channels.length ? "heartbeat" : null,
    health: "ok",
    readEligible: true,
    coMasterOf: null,
    threadsRunning: 1,
    threadsConnected: 5,
    maxConnections: 151,
    queriesPerSecond: 10,
    writesPerSecond: 1,
    replication: channels[0] ?? null,
    channels,
    relaying: false,
    ...over,
  };
}

export function clusterView(id: string, serverIds: string[], over: Partial<ClusterView> = {}): ClusterView {
  return { id, name: id, writer: serverIds[0] ?? null, coMaster: null, lagCutoffSeconds: 10, serverIds, ...over };
}

/** The story's cluster: db1 ⇄ db2, db3 and db4 replicas of db1. */
export function storyCluster(over: Record<string, Partial<ServerView>> = {}): { cluster: ClusterView; servers: ServerView[] } {
  const servers = [
    serverView("db1", { role: "writer", coMasterOf: "db2", readOnly: false, readEligible: false, channels: [channelView("db2", { lagSeconds: null })], ...over.db1 }),
    serverView("db2", { role: "co-master", coMasterOf: "db1", channels: [channelView("db1")], ...over.db2 }),
    serverView("db3", { channels: [channelView("db1")], ...over.db3 }),
    serverView("db4", { channels: [channelView("db1")], ...over.db4 }),
  ];
  return { cluster: clusterView("shop", ["db1", "db2", "db3", "db4"], { coMaster: "db2" }), servers };
}
