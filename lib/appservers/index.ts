import { getConfig, type HotSeatConfig } from "@/lib/config";
import type { TopologyView } from "@/lib/topology/types";
import { AppServerFleet, type AppTierReader } from "./fleet";
import { processSlot } from "@/lib/process-singleton";

/** lib/appservers: the app tier (php-fpm, nginx) polled beside the databases, its analysis and the guarded restart. */
export { AppServerFleet, type AppServerFleetOptions, type AppTierReader, type AppTierSnapshot } from "./fleet";
export { appServerProblems, appServerView, causalLine } from "./analyse";
export { counterRate, parsePhpFpmStatus, parseStubStatus } from "./parse";
export {
  appServerParamsSchema,
  recentRestarts,
  restartAppServer,
  restartBodySchema,
  RESTART_ACTION,
  RESTART_WINDOW_MS,
  type RestartOutcome,
} from "./restart";
export * from "./types";

// One fleet per server process, shared by dev reloads and separately bundled routes.
const slot = processSlot<AppTierReader>("__hotseatAppServers");

/**
 * The process's app tier: the mirror of the monitoring worker's poller in the console (see
 * getCollector), else a poller in this thread, started on first use.
 */
export function getAppServers(): AppTierReader {
  let reader = slot.get();
  if (!reader) {
    const fleet = appServerFleet(getConfig());
    fleet.start();
    slot.set((reader = fleet));
  }
  return reader;
}

/** The app-server poller of a configuration, not started. */
export function appServerFleet(config: HotSeatConfig): AppServerFleet {
  return new AppServerFleet(config.appServers, { pollIntervalMs: config.pollIntervalMs, historySeconds: config.historySeconds });
}

/** Make `reader` the process's app tier (before anything reads it). */
export function installAppTierReader(reader: AppTierReader): void {
  slot.set(reader);
}

/** Stop the process's poller (tests). */
export function stopAppServers(): void {
  slot.get()?.stop();
  slot.set(undefined);
}

/** The topology with the app tier's problems joined to the databases' (where the topology is assembled). */
export function withAppServerProblems(view: TopologyView, now = Date.now()): TopologyView {
  const fleet = slot.get();
  if (!fleet) return view;
  return { ...view, problems: [...view.problems, ...fleet.problems(now)] };
}
export { appTierView, type AppTierView } from "./view";
