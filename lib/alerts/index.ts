import { getCollector } from "@/lib/collector";
import { getConfig } from "@/lib/config";
import { maintenanceFollower } from "@/lib/maintenance";
import { Notifier, policyFromConfig } from "@/lib/notify";
import { processSingleton, processSlot } from "@/lib/process-singleton";
import type { AlertState } from "./engine";
import { AlertEngine } from "./runner";

/** lib/alerts: rules over the collector's memory, episodes in the store, notices to the notifier. */
export { evaluate, type AlertState, type AlertTransition, type EvaluateInput } from "./engine";
export { episodesBetween, getEpisode, openEpisodes, recentEpisodes, type AlertEpisode } from "./episodes";
export { alertKey, observe, type Observation } from "./observe";
export { isRuleId, resolveRules, RULE_IDS, type AlertRule, type AlertSeverity, type RuleId } from "./rules";
export { alertsOverview, RECENT_ALERTS, type AlertsOverview } from "./overview";
export { AlertEngine, runbookUrl, type AlertEngineDeps } from "./runner";

// One engine and one notifier per server process, shared by dev reloads and separately bundled routes.
const engineSlot = processSlot<AlertsReader>("__hotseatAlerts");

/** The alert engine's memory as the request side reads it: the engine, or the console's mirror of the worker's. */
export interface AlertsReader {
  current(): AlertState[];
}

/** The process's notifier (the webhooks of the config, the console's store). */
export function getNotifier(): Notifier {
  return processSingleton("__hotseatNotifier", () => {
    const config = getConfig();
    return new Notifier({ webhooks: config.alerts.webhooks, policy: policyFromConfig(config) });
  });
}

/** Start the process's alert engine once (the monitoring worker, lib/collector/worker-entry.ts; tests). */
export function startAlerts(): AlertEngine {
  return processSingleton("__hotseatAlerts", () => {
    // the evaluation is synchronous: maintenance is read from the store every second beside it
    const maintenance = maintenanceFollower();
    const engine = new AlertEngine({
      collector: getCollector(),
      config: getConfig(),
      notifier: getNotifier(),
      maintenance: (now) => maintenance.enabled(now),
    });
    engine.start();
    return engine;
  });
}

/** The running engine's memory, if started. */
export function alertEngine(): AlertsReader | null {
  return engineSlot.get() ?? null;
}

/** Make `reader` the process's alert memory (the console's mirror of its monitoring worker). */
export function installAlertsReader(reader: AlertsReader): void {
  engineSlot.set(reader);
}
