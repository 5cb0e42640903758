import type { AlertsReader } from "@/lib/alerts";
import { appServerProblems, causalLine } from "@/lib/appservers/analyse";
import type { AppServerFleet, AppTierReader, AppTierSnapshot } from "@/lib/appservers/fleet";
import type { AppServerHistoryPoint, AppServerView } from "@/lib/appservers/types";
import type { HotSeatConfig } from "@/lib/config";
import type { Problem, TopologyView } from "@/lib/topology/types";
import { analyseSnapshot, pollDeadlineMs } from "./collector";
import { historyCapacity, lastSeconds, RingBuffer, type HistoryEntry } from "./history";
import type { MonitorState } from "./monitor-state";
import { emptyPollStats, type PollStats } from "./poll-stats";
import type { FleetReader, ServerWriters } from "./reader";
import { unpolledSample } from "./server-poller";
import type { FleetSnapshot } from "./types";

/** What the mirror asks of the worker behind it. */
export interface MonitorLink {
  pollOnce(): Promise<void>;
  stop(): void;
}

/**
 * The request side's read-only copy of the monitoring worker's memory, with the collector's read
 * API: every read is synchronous and from the last state the worker posted. When no state has
 * come for as long as a stuck poll is allowed, every server and app server is shown not answering
 * (docs/architecture.md, "The monitoring worker"), so a dead worker reads as stale, never as fine.
 */
export class CollectorMirror implements FleetReader {
  private state: MonitorState | null = null;
  private receivedAt: number;
  private stopped = false;
  private readonly history = new Map<string, RingBuffer<HistoryEntry>>();
  private readonly appHistory = new Map<string, RingBuffer<AppServerHistoryPoint>>();
  private writers: NonNullable<MonitorState["writers"]> = {};
  readonly appTier: AppTierReader;
  readonly alerts: AlertsReader;

  constructor(
    readonly config: HotSeatConfig,
    private readonly link: MonitorLink,
    now = Date.now(),
  ) {
    this.receivedAt = now;
    const capacity = historyCapacity(config);
    for (const s of config.servers) this.history.set(s.id, new RingBuffer(capacity));
    for (const a of config.appServers) this.appHistory.set(a.id, new RingBuffer(capacity));
    this.appTier = {
      snapshot: (at = Date.now()) => this.appSnapshot(at),
      problems: (at = Date.now()) => this.appProblems(at),
      causalLine: (problems, at = Date.now()) => causalLine(this.appSnapshot(at).appServers, problems),
      historyOf: (id, seconds, at = Date.now()) => {
        const buffer = this.appHistory.get(id);
        return buffer ? lastSeconds(buffer, seconds, at) : null;
      },
      pollOnce: () => this.pollOnce(),
      stop: () => undefined,
    } satisfies Pick<AppServerFleet, keyof AppTierReader>;
    // Stale alerts stay as last known: a silent worker must not read as "resolved".
    this.alerts = { current: () => this.state?.alerts ?? [] };
  }

  get running(): boolean {
    return !this.stopped;
  }

  /** Take a state the worker posted. */
  apply(state: MonitorState, now = Date.now()): void {
    this.state = state;
    this.receivedAt = now;
    for (const [id, points] of Object.entries(state.history)) {
      const buffer = this.history.get(id);
      for (const p of points) buffer?.push(p);
    }
    for (const [id, points] of Object.entries(state.appTier.history)) {
      const buffer = this.appHistory.get(id);
      for (const p of points) buffer?.push(p);
    }
    if (state.writers) this.writers = state.writers;
  }

  /** ms past the deadline since the last state (0 while states come in time). */
  staleFor(now: number): number {
    const silent = now - this.receivedAt;
    return silent > pollDeadlineMs(this.config) ? silent : 0;
  }

  private silence(now: number): string {
    return `monitoring not answering for ${Math.round(this.staleFor(now) / 1000)} s`;
  }

  snapshot(now = Date.now()): FleetSnapshot {
    const snapshot = this.state?.snapshot ?? {
      generatedAt: now,
      lagCutoffSeconds: this.config.lagCutoffSeconds,
      pollIntervalMs: this.config.pollIntervalMs,
      servers: this.config.servers.map(unpolledSample),
    };
    if (!this.staleFor(now)) return snapshot;
    const error = this.silence(now);
    return { ...snapshot, generatedAt: now, servers: snapshot.servers.map((s) => (s.reachable ? { ...s, reachable: false, error } : s)) };
  }

  topology(now = Date.now()): TopologyView {
    if (this.state && !this.staleFor(now)) return this.state.view;
    const view = analyseSnapshot(this.config, this.snapshot(now), now);
    return { ...view, problems: [...view.problems, ...this.appProblems(now)] };
  }

  historyOf(serverId: string, seconds: number, now = Date.now()): HistoryEntry[] | null {
    const buffer = this.history.get(serverId);
    return buffer ? lastSeconds(buffer, seconds, now) : null;
  }

  writersOf(serverId: string, by: "time" | "rows" = "time", limit = 10): ServerWriters | null {
    if (!this.hasServer(serverId)) return null;
    const writers = this.writers[serverId]?.[by] ?? { source: "processlist_sampling", note: null, top: [] };
    return { ...writers, top: writers.top.slice(0, limit) };
  }

  pollStats(): Record<string, PollStats> {
    return this.state?.pollStats ?? Object.fromEntries(this.config.servers.map((s) => [s.id, emptyPollStats()]));
  }

  hasServer(serverId: string): boolean {
    return this.history.has(serverId);
  }

  /** A round trip to the worker: it polls every server and app server, posts its state, then answers. */
  pollOnce(): Promise<void> {
    return this.link.pollOnce();
  }

  stop(): void {
    this.stopped = true;
    this.link.stop();
  }

  private appSnapshot(now: number): AppTierSnapshot {
    const snapshot = this.state?.appTier.snapshot ?? { generatedAt: new Date(now).toISOString(), appServers: [] };
    if (!this.staleFor(now)) return snapshot;
    const error = this.silence(now);
    const stale = (v: AppServerView): AppServerView => ({ ...v, reachable: false, health: "unreachable", error });
    return { generatedAt: new Date(now).toISOString(), appServers: snapshot.appServers.map(stale) };
  }

  private appProblems(now: number): Problem[] {
    if (!this.staleFor(now)) return this.state?.appTier.problems ?? [];
    return appServerProblems(this.appSnapshot(now).appServers);
  }
}
