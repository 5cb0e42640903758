/**
 * The monitoring worker's entry (a worker_thread of the console process): the collector, the
 * app-server poller and the alert engine with its notifier run here, on an event loop no HTTP
 * request shares, and post what the request side reads (docs/architecture.md, "The monitoring worker").
 */
import { parentPort, workerData } from "node:worker_threads";
import { startAlerts } from "@/lib/alerts";
import { appServerFleet, installAppTierReader } from "@/lib/appservers";
import { getConfig } from "@/lib/config";
import { isLeader, setLeader } from "@/lib/leader";
import { setPrunes } from "@/lib/store";
import { Collector } from "./collector";
import { installFleetReader } from "./index";
import { MonitorStateBuilder, type ConsoleMessage, type MonitorWorkerData, type WorkerMessage } from "./monitor-state";

/** States are posted when polls end, at most this often (several servers end their polls together). */
const MIN_POST_GAP_MS = 100;

function run(port: NonNullable<typeof parentPort>, data: Partial<MonitorWorkerData> = {}): void {
  // This thread's own copy of the console's leadership, set before anything that reads it starts.
  setLeader(data.leader ?? true);
  setPrunes(isLeader);
  const config = getConfig();
  let lastPost = 0;
  let scheduled: NodeJS.Timeout | null = null;
  const post = () => {
    if (scheduled) clearTimeout(scheduled);
    scheduled = null;
    lastPost = Date.now();
    port.postMessage({ type: "state", state: states.build(lastPost) } satisfies WorkerMessage);
  };
  const soon = () => {
    scheduled ??= setTimeout(post, Math.max(0, lastPost + MIN_POST_GAP_MS - Date.now()));
  };

  const collector = new Collector(config, { onPolled: soon });
  const appTier = appServerFleet(config);
  // The alert engine and the topology's app-tier problems read these two.
  installFleetReader(collector);
  installAppTierReader(appTier);
  const engine = startAlerts();
  const states = new MonitorStateBuilder(collector, appTier, () => engine.current());
  collector.start();
  appTier.start();
  // Also on the poll cadence when no poll ends (every server frozen): the stuck marks reach the console.
  setInterval(post, config.pollIntervalMs);

  port.on("message", (message: ConsoleMessage) => {
    if (message.type === "leader") return setLeader(message.leader);
    void Promise.all([collector.pollOnce(), appTier.pollOnce()]).then(() => {
      post();
      port.postMessage({ type: "polled", id: message.id } satisfies WorkerMessage);
    });
  });
}

if (parentPort) run(parentPort, workerData as Partial<MonitorWorkerData> | undefined);
