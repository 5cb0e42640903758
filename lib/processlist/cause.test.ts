import { describe, expect, it } from "vitest";
import type { ServerWriters } from "@/lib/collector/collector";
import type { TopWriter } from "@/lib/collector/top-writers";
import type { ProcessRow } from "@/lib/mysql/types";
import { analyseFleet } from "@/lib/topology/analyse";
import { channel, NOW, storyFleet, threeClusterFleet } from "@/lib/topology/fixtures";
import type { Problem } from "@/lib/topology/types";
import { causeView, type CauseInput } from "./cause";
import { maskSecrets } from "./statement";

const BATCH = "UPDATE order_ledger SET amount_cents = amount_cents + 1, reconciled_at = NOW() WHERE order_ref % 12 = 3";
const SQL_THREAD: ProcessRow = { id: 11, user: "system user", host: "", db: "shop", command: "Slave_SQL", timeSeconds: 41, state: "Updating", info: BATCH };

const writer = (over: Partial<TopWriter> = {}): TopWriter => ({
  fingerprint: "UPDATE `order_ledger` SET `amount_cents` = `amount_cents` + ? , `reconciled_at` = NOW ( ) WHERE `order_ref` % ? = ?",
  kind: "update", user: "app", host: "127.0.0.1", db: "shop", example: BATCH, executions: 40, seenSeconds: 30,
  longestSeconds: 1.2, rowsWritten: 12_000, firstSeenAt: NOW - 60_000, lastSeenAt: NOW, ...over,
});

/** The story at 9:15: db4 41 s behind db1 while a batch job writes there. */
function input(over: Partial<CauseInput> = {}, writers: Record<string, ServerWriters> = {}): CauseInput {
  const snapshot = storyFleet({
    db4: {
      heartbeats: [{ serverId: 1, ageSeconds: 41 }],
      replication: [channel(33061, 1, { secondsBehindSource: 41, sqlThreadState: "Updating" })],
      processlist: [SQL_THREAD],
    },
  });
  const all: Record<string, ServerWriters> = { db1: { source: "performance_schema", note: null, top: [writer()] }, ...writers };
  return {
    snapshot,
    topology: analyseFleet(snapshot),
    writersOf: (id) => all[id] ?? null,
    longQuerySeconds: 60,
    read: (t) => t,
    ...over,
  };
}

describe("causeView", () => {
  it("a lagging replica: what its SQL thread applies, on which table, for how long, and who writes most on its source", () => {
    const view = causeView(input());
    expect(view.replicas).toHaveLength(1);
    expect(view.replicas[0]).toEqual({
      serverId: "db4",
      lagSeconds: 41,
      applying: { kind: "UPDATE", table: "order_ledger", statement: BATCH, forSeconds: 41 },
      applyingHref: "/processlist?server=db4#replica-activity",
      sourceId: "db1",
      topWriter: {
        account: "app@127.0.0.1", kind: "update", table: "order_ledger", fingerprint: writer().fingerprint,
        // 12,000 rows over the minute it ran
        rowsPerSecond: 200, seconds: 30, source: "performance_schema",
      },
      writersHref: "/servers/db1#writers",
    });
  });

  it("healthy replicas have no cause entry", () => {
    const snapshot = storyFleet();
    expect(causeView({ ...input(), snapshot, topology: analyseFleet(snapshot) }).replicas).toEqual([]);
  });

  it("processlist sampling: no rows/s (it cannot count rows), the longest-seen writer instead", () => {
    const sampled = { source: "processlist_sampling", note: null, top: [writer({ rowsWritten: null, seenSeconds: 12 })] } as ServerWriters;
    const view = causeView(input({}, { db1: sampled }));
    expect(view.replicas[0].topWriter).toMatchObject({ rowsPerSecond: null, seconds: 12, source: "processlist_sampling", account: "app@127.0.0.1" });
  });

  it("a SQL thread waiting for events applies nothing; no writer seen leaves the link to the full view", () => {
    const base = input({}, { db1: { source: "performance_schema", note: null, top: [] } });
    const snapshot = { ...base.snapshot, servers: base.snapshot.servers.map((s) => (s.id === "db4" ? { ...s, processlist: [{ ...SQL_THREAD, info: null }] } : s)) };
    const [db4] = causeView({ ...base, snapshot }).replicas;
    expect(db4).toMatchObject({ applying: null, topWriter: null, writersHref: "/servers/db1#writers" });
  });

  it("a viewer reads the applied statement and the fingerprint masked", () => {
    const secret = "ALTER USER app IDENTIFIED BY 'hunter2'";
    const base = input({ read: maskSecrets }, { db1: { source: "processlist_sampling", note: null, top: [writer({ fingerprint: secret, rowsWritten: null })] } });
    const snapshot = { ...base.snapshot, servers: base.snapshot.servers.map((s) => (s.id === "db4" ? { ...s, processlist: [{ ...SQL_THREAD, info: secret }] } : s)) };
    const [db4] = causeView({ ...base, snapshot }).replicas;
    expect(JSON.stringify(db4)).not.toContain("hunter2");
    expect(db4.applying).toMatchObject({ kind: "ALTER", statement: "alter user app identified by ?" });
    expect(db4.topWriter?.fingerprint).toBe("alter user app identified by ?");
  });

  it("every problem links to the page that acts on it", () => {
    const base = input();
    const problems: Problem[] = [
      { code: "replica_lagging", serverId: "db4", clusterId: null, severity: "warning", message: "db4 is 41 s behind" },
      { code: "all_replicas_past_cutoff", serverId: null, clusterId: null, severity: "critical", message: "every replica" },
      { code: "long_running_query" as Problem["code"], serverId: "db1", clusterId: null, severity: "critical", message: "root runs SLEEP" },
      { code: "no_writer", serverId: null, clusterId: null, severity: "critical", message: "no writer" },
      { code: "replication_stopped", serverId: "db3", clusterId: null, severity: "critical", message: "stopped" },
      { code: "app_workers_exhausted", serverId: "app1", clusterId: null, severity: "critical", message: "php-fpm" },
      { code: "heartbeat_failing", serverId: "db1", clusterId: null, severity: "warning", message: "no heartbeat" },
    ];
    const { actions } = causeView({ ...base, topology: { ...base.topology, problems } });
    expect(actions.map((a) => [a.code, a.serverId, a.href])).toEqual([
      ["replica_lagging", "db4", "/servers/db1#writers"],
      ["all_replicas_past_cutoff", null, "/servers/db1#writers"],
      ["long_running_query", "db1", "/processlist?server=db1&minTime=60&kind=client"],
      ["no_writer", null, "/failover?candidate=db2"],
      ["replication_stopped", "db3", "/processlist?server=db3#replica-activity"],
      ["app_workers_exhausted", "app1", "/maintenance"],
    ]);
    expect(actions[0].label).toBe("Who is writing on db1");
  });

  it("links each cluster's problems to its own writer and co-master", () => {
    const late = [{ serverId: 5, ageSeconds: 95 }];
    const snapshot = threeClusterFleet({ db6: { heartbeats: late }, db7: { heartbeats: late }, db10: { replication: [] } });
    const topology = analyseFleet(snapshot);
    const { actions } = causeView({ ...input(), snapshot, topology, writersOf: () => null });
    expect(actions.filter((a) => a.href.startsWith("/servers")).map((a) => [a.code, a.serverId, a.href])).toEqual([
      ["all_replicas_past_cutoff", "db5", "/servers/db5#writers"],
      ["replica_lagging", "db6", "/servers/db5#writers"],
      // a chained replica's writes come through its own source
      ["replica_lagging", "db7", "/servers/db6#writers"],
    ]);
    const splitBrain: Problem = { code: "multiple_writers", serverId: null, clusterId: "db5", severity: "critical", message: "" };
    const [offer] = causeView({ ...input(), snapshot, topology: { ...topology, problems: [splitBrain] }, writersOf: () => null }).actions;
    // auth has no co-master: the shop's db2 is never offered for it
    expect(offer.href).toBe("/failover");
  });
});
