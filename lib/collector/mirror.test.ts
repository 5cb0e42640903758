import { describe, expect, it } from "vitest";
import type { AlertState } from "@/lib/alerts/engine";
import type { AppTierReader } from "@/lib/appservers/fleet";
import type { AppServerView } from "@/lib/appservers/types";
import { parseConfig } from "@/lib/config/load";
import { NOW, storyFleet, thread } from "@/lib/topology/fixtures";
import { analyseSnapshot, pollDeadlineMs } from "./collector";
import type { HistoryEntry } from "./history";
import { CollectorMirror, type MonitorLink } from "./mirror";
import { MonitorStateBuilder, POSTED_CUT_TEXT, POSTED_PROCESSES, POSTED_TEXT_BUDGET, postedProcesslist, type MonitorState } from "./monitor-state";
import { emptyPollStats } from "./poll-stats";
import type { FleetReader, ServerWriters } from "./reader";
import type { TopWriter } from "./top-writers";

const server = (id: string, port: number) => ({ id, host: "127.0.0.1", port, user: "hotseat", password: "x" });
const config = parseConfig({
  servers: [server("db1", 33061), server("db2", 33062), server("db3", 33063), server("db4", 33064)],
  appServers: [{ id: "app1", phpFpmStatusUrl: "http://127.0.0.1:1/status" }],
});

const point = (t: number, lagSeconds: number): HistoryEntry => ({ t, lagSeconds, qps: 10, writesPerSecond: 1, threadsRunning: 2 });
const writer = (fingerprint: string): TopWriter => ({
  fingerprint, kind: "update", user: "batch", host: "10.0.0.9", db: "shop", example: fingerprint, executions: 1,
  seenSeconds: 5, longestSeconds: 5, rowsWritten: null, firstSeenAt: NOW, lastSeenAt: NOW,
});
const app1: AppServerView = {
  id: "app1", name: "app1", reachable: true, health: "ok", error: null, lastSeenAt: new Date(NOW).toISOString(), phpFpm: null, nginx: null, restartable: [],
};
const firing: AlertState = { ruleId: "replica_lagging", serverId: "db4", status: "firing", severity: "critical", message: "db4 is 40 s behind", since: NOW - 60_000, firedAt: NOW - 30_000, clearSince: null, episodeId: 7 };

/** A state as the worker posts it: db4 lagging 40 s, a history point per server. */
function state(at: number, over: Partial<MonitorState> = {}): MonitorState {
  const snapshot = storyFleet({ db4: { heartbeats: [{ serverId: 1, ageSeconds: 40 }] } });
  const writers: ServerWriters = { source: "processlist_sampling", note: null, top: [writer("update a"), writer("update b"), writer("update c")] };
  return {
    at,
    snapshot,
    view: analyseSnapshot(config, snapshot, at),
    history: Object.fromEntries(config.servers.map((s) => [s.id, [point(at, s.id === "db4" ? 40 : 0)]])),
    writers: Object.fromEntries(config.servers.map((s) => [s.id, { time: writers, rows: writers }])),
    pollStats: Object.fromEntries(config.servers.map((s) => [s.id, { ...emptyPollStats(), polls: 12 }])),
    appTier: { snapshot: { generatedAt: new Date(at).toISOString(), appServers: [app1] }, problems: [], history: { app1: [] } },
    alerts: [firing],
    ...over,
  };
}

function link(): MonitorLink & { polls: number; stopped: boolean } {
  return {
    polls: 0,
    stopped: false,
    async pollOnce() {
      this.polls++;
    },
    stop() {
      this.stopped = true;
    },
  };
}

describe("the collector mirror", () => {
  it("shows every configured server not polled yet before the worker's first state", () => {
    const mirror = new CollectorMirror(config, link(), NOW);
    const snapshot = mirror.snapshot(NOW);
    expect(snapshot.servers.map((s) => [s.id, s.reachable, s.error])).toEqual(config.servers.map((s) => [s.id, false, "not polled yet"]));
    expect(mirror.hasServer("db4")).toBe(true);
    expect(mirror.hasServer("db9")).toBe(false);
    expect(mirror.historyOf("db9", 60, NOW)).toBeNull();
    expect(mirror.writersOf("db9")).toBeNull();
  });

  it("answers every read from the last state and keeps the history the states bring", () => {
    const mirror = new CollectorMirror(config, link(), NOW);
    mirror.apply(state(NOW), NOW);
    mirror.apply(state(NOW + 1000, { writers: null }), NOW + 1000);

    expect(mirror.topology(NOW + 1000).servers.find((s) => s.id === "db4")!.lagSeconds).toBe(40);
    expect(mirror.snapshot(NOW + 1000).servers.find((s) => s.id === "db4")!.reachable).toBe(true);
    expect(mirror.historyOf("db4", 60, NOW + 1000)!.map((p) => p.lagSeconds)).toEqual([40, 40]);
    expect(mirror.historyOf("db4", 0.5, NOW + 1000)!.map((p) => p.t)).toEqual([NOW + 1000]);
    // a state without writers leaves the previous ones; the limit is the caller's
    expect(mirror.writersOf("db1", "time", 2)!.top.map((w) => w.fingerprint)).toEqual(["update a", "update b"]);
    expect(mirror.pollStats().db1.polls).toBe(12);
    expect(mirror.appTier.snapshot(NOW + 1000).appServers).toEqual([app1]);
    expect(mirror.alerts.current()).toEqual([firing]);
  });

  it("says every server and app server is not answering once the worker is silent past the poll deadline", () => {
    const mirror = new CollectorMirror(config, link(), NOW);
    mirror.apply(state(NOW), NOW);
    const fresh = NOW + pollDeadlineMs(config);
    expect(mirror.staleFor(fresh)).toBe(0);
    expect(mirror.topology(fresh).servers.every((s) => s.reachable)).toBe(true);

    const later = NOW + pollDeadlineMs(config) + 5000;
    expect(mirror.staleFor(later)).toBeGreaterThan(0);
    const snapshot = mirror.snapshot(later);
    expect(snapshot.servers.map((s) => s.reachable)).toEqual([false, false, false, false]);
    expect(snapshot.servers[0].error).toMatch(/^monitoring not answering for \d+ s$/);
    const view = mirror.topology(later);
    expect(view.servers.every((s) => !s.reachable && s.staleSeconds! >= 5)).toBe(true);
    expect(mirror.appTier.snapshot(later).appServers.map((a) => [a.id, a.health])).toEqual([["app1", "unreachable"]]);
    expect(view.problems.map((p) => p.code)).toContain("app_server_unreachable");
    // the last-known alerts stay: a silent worker must not read as everything resolved
    expect(mirror.alerts.current()).toEqual([firing]);

    mirror.apply(state(later), later);
    expect(mirror.staleFor(later)).toBe(0);
    expect(mirror.topology(later).servers.every((s) => s.reachable)).toBe(true);
  });

  it("asks the worker for a fresh poll and stops it", async () => {
    const worker = link();
    const mirror = new CollectorMirror(config, worker, NOW);
    await mirror.pollOnce();
    mirror.stop();
    expect([worker.polls, worker.stopped, mirror.running]).toEqual([1, true, false]);
  });
});

describe("the states the worker posts", () => {
  const busy = storyFleet({ db3: { processlist: Array.from({ length: POSTED_PROCESSES + 500 }, (_, i) => thread(i + 1)) } });
  let history: HistoryEntry[] = [point(NOW - 1000, 0)];
  const collector: FleetReader = {
    config,
    running: true,
    snapshot: () => busy,
    topology: (now = NOW) => analyseSnapshot(config, busy, now),
    historyOf: () => history,
    writersOf: (_id, _by, limit = 10) => ({ source: "processlist_sampling", note: null, top: Array.from({ length: limit }, (_, i) => writer(`w${i}`)) }),
    pollStats: () => ({}),
    hasServer: () => true,
    pollOnce: async () => undefined,
    stop: () => undefined,
  };
  const appTier: AppTierReader = {
    snapshot: () => ({ generatedAt: new Date(NOW).toISOString(), appServers: [app1] }),
    problems: () => [],
    causalLine: () => null,
    historyOf: () => [],
    pollOnce: async () => undefined,
    stop: () => undefined,
  };

  it("bound the processlist rows and carry only the history and writers that are new", () => {
    const builder = new MonitorStateBuilder(collector, appTier, () => [firing]);
    const first = builder.build(NOW);
    expect(first.snapshot.servers.find((s) => s.id === "db3")!.processlist).toHaveLength(POSTED_PROCESSES);
    expect(first.view.servers).toHaveLength(4);
    expect(first.history.db1.map((p) => p.t)).toEqual([NOW - 1000]);
    expect(first.writers!.db1.time.top).toHaveLength(50);

    history = [point(NOW - 1000, 0), point(NOW, 0)];
    const second = builder.build(NOW + 100);
    expect(second.history.db1.map((p) => p.t)).toEqual([NOW]);
    expect(second.writers).toBeNull(); // within one poll interval of the last writers
    expect(builder.build(NOW + 1100).writers).not.toBeNull();
    expect(second.alerts).toEqual([firing]);
  });

  it("carry at most the text budget of statements per server, the rest cut with their full length noted", () => {
    const big = "x".repeat(16 * 1024);
    const rows = Array.from({ length: 200 }, (_, i) => ({ ...thread(i + 1), info: `SELECT '${big}'` }));
    const posted = postedProcesslist(rows);
    const chars = posted.reduce((n, r) => n + (r.info?.length ?? 0), 0);
    expect(posted).toHaveLength(200);
    expect(chars).toBeLessThanOrEqual(POSTED_TEXT_BUDGET + 200 * POSTED_CUT_TEXT);
    expect(posted[0].info).toBe(rows[0].info);
    const cut = posted[199];
    expect(cut.info).toHaveLength(POSTED_CUT_TEXT);
    expect(cut.infoLength).toBe(rows[199].info.length);
  });
});
