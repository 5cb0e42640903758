import { historyCapacity, lastSeconds, RingBuffer } from "@/lib/collector/history";
import type { AppServerConfig } from "@/lib/config";
import type { Problem } from "@/lib/topology/types";
import { appServerProblems, appServerView, causalLine } from "./analyse";
import { AppServerPoller } from "./poller";
import type { AppServerHistoryPoint, AppServerView, CausalLine } from "./types";

export interface AppServerFleetOptions {
  pollIntervalMs: number;
  historySeconds: number;
}

/** Everything known about the app tier at one instant (GET /api/app-servers). */
export interface AppTierSnapshot {
  generatedAt: string;
  appServers: AppServerView[];
}

/** What the request side reads of the app tier: the fleet itself, or the console's mirror of the monitoring worker's. */
export type AppTierReader = Pick<AppServerFleet, "snapshot" | "problems" | "causalLine" | "historyOf" | "pollOnce" | "stop">;

/**
 * Polls every configured app server on the databases' cadence, on its own timer and with its own
 * timeouts, so the app tier never delays a database poll, and keeps the latest sample and a
 * bounded history of each. Requests read from here.
 */
export class AppServerFleet {
  private readonly pollers: AppServerPoller[];
  private readonly history = new Map<string, RingBuffer<AppServerHistoryPoint>>();
  private timer: NodeJS.Timeout | null = null;
  /** A status page must answer within this, or the app server counts as unreachable. */
  readonly timeoutMs: number;

  constructor(
    readonly appServers: readonly AppServerConfig[],
    private readonly options: AppServerFleetOptions,
  ) {
    this.timeoutMs = Math.min(3000, Math.max(1000, options.pollIntervalMs * 2));
    const capacity = historyCapacity(options);
    this.pollers = appServers.map((a) => {
      this.history.set(a.id, new RingBuffer(capacity));
      return new AppServerPoller(a, this.timeoutMs);
    });
  }

  get running(): boolean {
    return this.timer != null;
  }

  start(): void {
    if (this.timer || !this.pollers.length) return;
    this.tick();
    this.timer = setInterval(() => this.tick(), this.options.pollIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private tick(): void {
    this.recordHistory();
    for (const p of this.pollers) void p.poll();
  }

  /** Poll every app server once and wait (tests, first paint). */
  async pollOnce(): Promise<void> {
    await Promise.all(this.pollers.map((p) => p.poll()));
  }

  /** The latest view of every app server; a poll stuck past its timeout counts as unreachable. */
  snapshot(now = Date.now()): AppTierSnapshot {
    const deadline = this.timeoutMs + 1000;
    return {
      generatedAt: new Date(now).toISOString(),
      appServers: this.pollers.map((p) => {
        const busy = p.busyFor(now);
        return appServerView(p.sample, p.server, busy > deadline ? `not answering for ${Math.round(busy / 1000)} s` : null);
      }),
    };
  }

  /** app_workers_exhausted and app_server_unreachable, to join the topology's problems (none before a first poll has ended or stuck). */
  problems(now = Date.now()): Problem[] {
    const known = new Set(this.pollers.filter((p) => p.sample.sampledAt > 0 || p.busyFor(now) > this.timeoutMs + 1000).map((p) => p.server.id));
    return appServerProblems(this.snapshot(now).appServers.filter((v) => known.has(v.id)));
  }

  /** The causal line against the database's problems, when it holds. */
  causalLine(databaseProblems: readonly Problem[], now = Date.now()): CausalLine | null {
    return causalLine(this.snapshot(now).appServers, databaseProblems);
  }

  private recordHistory(): void {
    const now = Date.now();
    for (const v of this.snapshot(now).appServers) {
      const poller = this.pollers.find((p) => p.server.id === v.id);
      if (!poller || poller.sample.sampledAt === 0) continue;
      this.history.get(v.id)?.push({
        t: now,
        health: v.health,
        activeProcesses: v.phpFpm?.activeProcesses ?? null,
        totalProcesses: v.phpFpm?.totalProcesses ?? null,
        listenQueue: v.phpFpm?.listenQueue ?? null,
        requestsPerSecond: v.nginx?.requestsPerSecond ?? v.phpFpm?.acceptedPerSecond ?? null,
      });
    }
  }

  /** The last `seconds` of one app server's history, oldest first; null for an unknown id. */
  historyOf(id: string, seconds: number, now = Date.now()): AppServerHistoryPoint[] | null {
    const buffer = this.history.get(id);
    return buffer ? lastSeconds(buffer, seconds, now) : null;
  }

  has(id: string): boolean {
    return this.history.has(id);
  }
}
