import { describe, expect, it } from "vitest";
import type { ProcessView } from "@/lib/processlist/types";
import type { ServerView, TopologyView } from "@/lib/topology/types";
import type { HotSeatConfig } from "@/lib/config";
import { observe } from "./observe";
import { resolveRules } from "./rules";

const config = {
  lagCutoffSeconds: 30,
  overload: { threadsRunning: 20, connectionsRatio: 0.8 },
  processlist: { longQuerySeconds: 60 },
  alerts: { webhooks: [], rules: { writer_overloaded: { thresholds: { threadsRunning: 10 } }, long_running_query: { enabled: true, thresholds: { seconds: 100 } } } },
} as unknown as HotSeatConfig; // only the keys resolveRules reads

function server(over: Partial<ServerView>): ServerView {
  return {
    id: "db3", name: "db3", clusterId: "db1", role: "replica", reachable: true, lastSeenAt: null, staleSeconds: 0, error: null, heartbeatError: null,
    version: null, serverId: 3, readOnly: true, superReadOnly: null, lagSeconds: 0, lagSource: "heartbeat", health: "ok", readEligible: true,
    coMasterOf: null, threadsRunning: 1, threadsConnected: 5, maxConnections: 100, queriesPerSecond: 1, writesPerSecond: 0,
    replication: { sourceId: "db1", sourceHost: "h", sourcePort: 1, ioRunning: true, ioState: "running", sqlRunning: true, lastError: null, secondsBehindSource: 0, sqlThreadState: null, usingGtid: true, execSourceLogFile: null, execSourceLogPos: null, retrievedGtidSet: null },
    channels: [],
    relaying: false,
    ...over,
  };
}

describe("observe", () => {
  const rules = resolveRules(config);

  it("turns the fleet's state into observations with the configured thresholds", () => {
    const view: TopologyView = {
      generatedAt: "2025-06-02T09:15:00.000Z",
      lagCutoffSeconds: 30,
      pollIntervalMs: 1000,
      writer: "db1",
      clusters: [],
      servers: [
        server({ id: "db1", role: "writer", replication: null, threadsRunning: 12 }),
        server({ id: "db4", health: "stopped", lagSeconds: 45, readEligible: false, replication: { ...server({}).replication!, sqlRunning: false } }),
        server({ id: "db3", reachable: false, error: "connect ETIMEDOUT", lagSeconds: null }),
      ],
      problems: [{ code: "all_replicas_past_cutoff", serverId: "db1", clusterId: "db1", severity: "critical", message: "Every replica is past the 30 s cutoff." }],
    };
    const processes: ProcessView[] = [
      { serverId: "db1", id: 77, user: "root", host: "localhost", db: "shop", command: "Query", timeSeconds: 4000, state: null, info: "UPDATE orders SET x = 1", kind: "client", flags: ["long_running"], role: null },
      { serverId: "db1", id: 5, user: "system user", host: "", db: null, command: "Connect", timeSeconds: 9999, state: null, info: "x", kind: "replication", flags: [], role: null },
    ];
    const got = observe(view, processes, rules).map((o) => `${o.ruleId}:${o.serverId}`);
    expect(got.sort()).toEqual(
      ["all_replicas_past_cutoff:db1", "long_running_query:db1", "replica_lagging:db4", "replication_stopped:db4", "server_unreachable:db3", "writer_overloaded:db1"].sort(),
    );
  });

  it("names a long-running statement masked when it may carry a password", () => {
    const view: TopologyView = { generatedAt: "", lagCutoffSeconds: 30, pollIntervalMs: 1000, writer: "db1", clusters: [], servers: [server({})], problems: [] };
    const p: ProcessView = { serverId: "db3", id: 9, user: "ops", host: "h", db: null, command: "Query", timeSeconds: 500, state: null, info: "SELECT SLEEP(900), 'Tr0ub4dor-3' AS password", kind: "client", flags: [], role: null };
    const [o] = observe(view, [p], rules).filter((o) => o.ruleId === "long_running_query");
    expect(o.message).toBe("db3: thread 9 (ops@h) has run 500 s: select sleep(?), ? as password");
  });

  it("says nothing about a healthy fleet", () => {
    const view: TopologyView = { generatedAt: "", lagCutoffSeconds: 30, pollIntervalMs: 1000, writer: "db1", clusters: [], servers: [server({ id: "db1", role: "writer", replication: null }), server({})], problems: [] };
    expect(observe(view, [], rules)).toEqual([]);
  });
});
