import path from "node:path";
import { Worker } from "node:worker_threads";
import { installAlertsReader } from "@/lib/alerts";
import { installAppTierReader } from "@/lib/appservers";
import { getConfig } from "@/lib/config";
import { isLeader, onLeadershipChange } from "@/lib/leader";
import { processSingleton } from "@/lib/process-singleton";
import { installFleetReader } from "./index";
import { CollectorMirror, type MonitorLink } from "./mirror";
import type { ConsoleMessage, MonitorState, MonitorWorkerData, WorkerMessage } from "./monitor-state";

/**
 * The worker's source file. Next bundles the server code but not this file: the worker loads it
 * from the project with tsx's require hook, which honours tsconfig's `@/` paths, so `next start`
 * and `next dev` run the same source (docs/architecture.md, "The monitoring worker").
 */
export const WORKER_ENTRY = path.join(process.cwd(), "lib/collector/worker-entry.ts");

const RESTART_FIRST_MS = 1000;
const RESTART_MAX_MS = 30_000;
/** A worker that posts nothing this long is stuck (its event loop held): it is ended and restarted. */
const SILENT_LIMIT_MS = 30_000;
/** A pollOnce round trip gives up after this (the worker may be restarting). */
const POLL_ONCE_TIMEOUT_MS = 15_000;

export interface MonitorWorkerOptions {
  entry?: string;
  log?: (message: string) => void;
  /** The console's leadership, read at every (re)start of the worker (default: lib/leader's). */
  leader?: () => boolean;
}

/**
 * Runs the monitoring in a worker thread and keeps it running: a worker that exits or stops posting
 * is restarted with a bounded backoff (1 s doubling to 30 s, back to 1 s once it posts again).
 * Every state it posts goes to `onState`.
 */
export class MonitorWorker implements MonitorLink {
  private worker: Worker | null = null;
  private stopped = false;
  private backoffMs = RESTART_FIRST_MS;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly watchdog: NodeJS.Timeout;
  private lastMessageAt = Date.now();
  private nextId = 1;
  private readonly waiting = new Map<number, () => void>();
  /** Workers started so far (1 + restarts). */
  starts = 0;
  /** Set by startMonitoring: stops telling the worker about leadership changes. */
  unfollow: (() => void) | null = null;

  constructor(
    private readonly onState: (state: MonitorState) => void,
    private readonly options: MonitorWorkerOptions = {},
  ) {
    this.watchdog = setInterval(() => {
      if (this.worker && Date.now() - this.lastMessageAt > SILENT_LIMIT_MS) {
        this.log(`monitoring worker silent for ${Math.round((Date.now() - this.lastMessageAt) / 1000)} s: ending it`);
        void this.worker.terminate();
      }
    }, 5000);
    this.watchdog.unref();
    this.spawn();
  }

  private log(message: string): void {
    (this.options.log ?? ((m) => console.error(`[hotseat] ${m}`)))(message);
  }

  /** The running thread (tests end it to see the restart). */
  get thread(): Worker | null {
    return this.worker;
  }

  private spawn(): void {
    this.restartTimer = null;
    if (this.stopped) return;
    const entry = this.options.entry ?? WORKER_ENTRY;
    // The leadership travels with the start, so a follower's new worker never stamps a heartbeat first.
    const workerData: MonitorWorkerData = { leader: (this.options.leader ?? isLeader)() };
    const worker = new Worker(`require("tsx/cjs/api").register(); require(${JSON.stringify(entry)});`, { eval: true, workerData });
    this.worker = worker;
    this.starts++;
    this.lastMessageAt = Date.now();
    worker.on("message", (message: WorkerMessage) => {
      this.lastMessageAt = Date.now();
      if (message.type === "state") {
        this.backoffMs = RESTART_FIRST_MS;
        this.onState(message.state);
      } else if (message.type === "polled") {
        this.waiting.get(message.id)?.();
      }
    });
    worker.on("error", (err) => this.log(`monitoring worker failed: ${err.stack ?? err.message}`));
    worker.on("exit", (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const done of this.waiting.values()) done();
      if (this.stopped) return;
      this.log(`monitoring worker exited (code ${code}); restarting in ${this.backoffMs / 1000} s`);
      this.restartTimer = setTimeout(() => this.spawn(), this.backoffMs);
      this.restartTimer.unref();
      this.backoffMs = Math.min(RESTART_MAX_MS, this.backoffMs * 2);
    });
  }

  /** Tells the running worker the console's leadership (a restarted one reads it at its start). */
  setLeader(leader: boolean): void {
    this.worker?.postMessage({ type: "leader", leader } satisfies ConsoleMessage);
  }

  pollOnce(): Promise<void> {
    const worker = this.worker;
    if (!worker) return Promise.resolve();
    const id = this.nextId++;
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve();
      };
      const timer = setTimeout(done, POLL_ONCE_TIMEOUT_MS);
      this.waiting.set(id, done);
      worker.postMessage({ type: "pollOnce", id } satisfies ConsoleMessage);
    });
  }

  stop(): void {
    this.stopped = true;
    this.unfollow?.();
    clearInterval(this.watchdog);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    void this.worker?.terminate();
    this.worker = null;
  }
}

export interface Monitoring {
  worker: MonitorWorker;
  mirror: CollectorMirror;
}

/**
 * The console's monitoring, once per process: a worker, and its mirror as the process's collector,
 * app tier and alert memory (getCollector, getAppServers, alertEngine read it from then on).
 */
export function startMonitoring(options: MonitorWorkerOptions = {}): Monitoring {
  return processSingleton("__hotseatMonitoring", () => {
    const config = getConfig();
    // A worker's messages arrive on a later turn of the event loop, so the mirror exists by then.
    let mirror: CollectorMirror | undefined;
    const worker = new MonitorWorker((state) => mirror!.apply(state), options);
    // The alert engine, notifier and heartbeat run in the worker: it follows the console's leadership.
    worker.unfollow = onLeadershipChange((leader) => worker.setLeader(leader));
    mirror = new CollectorMirror(config, worker);
    installFleetReader(mirror);
    installAppTierReader(mirror.appTier);
    installAlertsReader(mirror.alerts);
    return { worker, mirror };
  });
}
