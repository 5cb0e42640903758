import { getConfig } from "@/lib/config";
import type { TopologyView } from "@/lib/topology/types";
import { AppServerFleet } from "./fleet";
import { processSlot } from "@/lib/process-singleton";

/** lib/appservers: the app tier (php-fpm, nginx) polled beside the databases, its analysis and the guarded restart. */
export { AppServerFleet, type AppServerFleetOptions, type AppTierSnapshot } from "./fleet";
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
const slot = processSlot<AppServerFleet>("__hotseatAppServers");

/** The process's app-server poller, started on first use (lib/boot starts it beside the collector). */
export function getAppServers(): AppServerFleet {
  let fleet = slot.get();
  if (!fleet) {
    const config = getConfig();
    fleet = new AppServerFleet(config.appServers, { pollIntervalMs: config.pollIntervalMs, historySeconds: config.historySeconds });
    fleet.start();
    slot.set(fleet);
  }
  return fleet;
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
