import { withAppServerProblems } from "@/lib/appservers";
import { serverPassword, type HotSeatConfig } from "@/lib/config";
import { analyseFleet } from "@/lib/topology/analyse";
import type { TopologyView } from "@/lib/topology/types";
import { historyCapacity, lastSeconds, RingBuffer, type HistoryEntry } from "./history";
import type { PollStats } from "./poll-stats";
import { ServerPoller } from "./server-poller";
import type { FleetReader, ServerWriters } from "./reader";
import type { TopWriter } from "./top-writers";
import type { FleetSnapshot, ServerSample } from "./types";

export type { ServerWriters, WritersSource } from "./reader";

export interface CollectorOptions {
  /** How often to read performance_schema digests where it is ON (default 10 s). */
  digestIntervalMs?: number;
  /** Called each time a poll of one server ends (the monitoring worker posts then). */
  onPolled?: () => void;
}

const CONNECT_TIMEOUT_MS = 2000;

/** How long a poll may run before its server counts as not answering: the query and connect timeouts. */
export function pollDeadlineMs(config: HotSeatConfig): number {
  return queryTimeoutOf(config) + CONNECT_TIMEOUT_MS;
}

/** Every query must finish well within a couple of polls so a frozen server is noticed fast. */
function queryTimeoutOf(config: HotSeatConfig): number {
  return Math.min(5000, Math.max(1000, config.pollIntervalMs * 2));
}

/** The fleet's facts from one snapshot, without the app tier's problems (lib/topology). */
export function analyseSnapshot(config: HotSeatConfig, snapshot: FleetSnapshot, now: number): TopologyView {
  return analyseFleet(snapshot, {
    overload: config.overload,
    names: Object.fromEntries(config.servers.map((s) => [s.id, s.name ?? s.id])),
    now,
    longQuerySeconds: config.processlist.longQuerySeconds,
    clusterLabels: Object.fromEntries(config.servers.map((s) => [s.id, s.cluster])),
    clusterSettings: config.clusters,
  });
}

/**
 * Polls every server on a fixed cadence, independent of how many people watch, and keeps the
 * latest samples and a bounded history in memory. Requests read from here: no SQL per request.
 */
export class Collector implements FleetReader {
  private readonly pollers: ServerPoller[];
  private readonly history = new Map<string, RingBuffer<HistoryEntry>>();
  private timer: NodeJS.Timeout | null = null;
  readonly queryTimeoutMs: number;

  constructor(
    readonly config: HotSeatConfig,
    private readonly options: CollectorOptions = {},
  ) {
    this.queryTimeoutMs = queryTimeoutOf(config);
    const capacity = historyCapacity(config);
    this.pollers = config.servers.map((server) => {
      this.history.set(server.id, new RingBuffer(capacity));
      return new ServerPoller(server, {
        password: serverPassword(server),
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
        queryTimeoutMs: this.queryTimeoutMs,
        heartbeat: config.heartbeat,
        digestIntervalMs: options.digestIntervalMs,
      });
    });
  }

  get running(): boolean {
    return this.timer != null;
  }

  start(): void {
    if (this.timer) return;
    this.cadence(Date.now());
  }

  /**
   * Tick, then sleep until the next multiple of the poll interval from the start: a late tick does
   * not push every later one back (setInterval's drift), so the cadence holds over hours.
   */
  private cadence(due: number): void {
    this.tick();
    const interval = this.config.pollIntervalMs;
    const now = Date.now();
    let next = due + interval;
    if (next <= now) next += Math.ceil((now - next + 1) / interval) * interval; // ticks missed while stuck are skipped, not bunched
    this.timer = setTimeout(() => this.cadence(next), next - now);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const p of this.pollers) p.close();
  }

  /** Record what the last polls found, then poll every server again without waiting on any. */
  private tick(): void {
    this.recordHistory();
    for (const p of this.pollers) void p.poll().then(this.options.onPolled);
  }

  /** Poll every server once and wait for all of them (tests, benchmarks, first paint). */
  async pollOnce(): Promise<void> {
    await Promise.all(this.pollers.map((p) => p.poll()));
  }

  /** The latest sample of every server. A poll stuck past its deadline counts as unreachable. */
  snapshot(now = Date.now()): FleetSnapshot {
    const deadline = pollDeadlineMs(this.config);
    const servers: ServerSample[] = this.pollers.map((p) => {
      const busy = p.busyFor(now);
      if (busy > deadline && p.sample.reachable) {
        return { ...p.sample, reachable: false, error: `not answering for ${Math.round(busy / 1000)} s` };
      }
      return p.sample;
    });
    return {
      generatedAt: now,
      lagCutoffSeconds: this.config.lagCutoffSeconds,
      pollIntervalMs: this.config.pollIntervalMs,
      servers,
    };
  }

  topology(now = Date.now()): TopologyView {
    return withAppServerProblems(analyseSnapshot(this.config, this.snapshot(now), now), now);
  }

  private recordHistory(): void {
    const view = this.topology();
    const t = Date.parse(view.generatedAt);
    for (const s of view.servers) {
      const poller = this.pollers.find((p) => p.server.id === s.id);
      if (poller?.sample.sampledAt === 0) continue;
      this.history.get(s.id)?.push({
        t,
        lagSeconds: s.lagSeconds,
        qps: s.queriesPerSecond,
        writesPerSecond: s.writesPerSecond,
        threadsRunning: s.threadsRunning,
        writeRates: poller?.sample.reachable ? (poller.sample.writeRates ?? null) : null,
      });
    }
  }

  /** The last `seconds` of history for one server, oldest first; null for an unknown id. */
  historyOf(serverId: string, seconds: number, now = Date.now()): HistoryEntry[] | null {
    const buffer = this.history.get(serverId);
    return buffer ? lastSeconds(buffer, seconds, now) : null;
  }

  /** The statements seen writing on one server (processlist sampling); null for an unknown id. */
  topWritersOf(serverId: string, by: "time" | "rows" = "time", limit = 10): TopWriter[] | null {
    const poller = this.pollers.find((p) => p.server.id === serverId);
    return poller ? poller.topWriters.top(by, limit) : null;
  }

  /**
   * Who is writing on one server: performance_schema digest deltas (real rows written, recent
   * window) where it is ON and readable, processlist sampling otherwise; null for an unknown id.
   */
  writersOf(serverId: string, by: "time" | "rows" = "time", limit = 10): ServerWriters | null {
    const poller = this.pollers.find((p) => p.server.id === serverId);
    if (!poller) return null;
    const psOn = poller.sample.variables?.performanceSchema === true;
    if (psOn && poller.digestWriters.baselined && !poller.digestError) {
      return { source: "performance_schema", note: null, top: poller.digestWriters.top(by, limit) };
    }
    const note = psOn && poller.digestError ? `performance_schema is ON but its digests could not be read: ${poller.digestError}` : null;
    return { source: "processlist_sampling", note, top: poller.topWriters.top(by, limit) };
  }

  /** Every server's poll counts and durations since start (server id -> stats). */
  pollStats(): Record<string, PollStats> {
    return Object.fromEntries(this.pollers.map((p) => [p.server.id, { ...p.pollStats, buckets: [...p.pollStats.buckets] }]));
  }

  hasServer(serverId: string): boolean {
    return this.history.has(serverId);
  }
}
