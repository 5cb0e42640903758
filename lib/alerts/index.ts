import { getCollector } from "@/lib/collector";
import { getConfig } from "@/lib/config";
import { getMaintenance } from "@/lib/maintenance";
import { Notifier, policyFromConfig } from "@/lib/notify";
import { AlertEngine } from "./runner";

/** lib/alerts: rules over the collector's memory, episodes in the store, notices to the notifier. */
export { evaluate, type AlertState, type AlertTransition, type EvaluateInput } from "./engine";
export { episodesBetween, getEpisode, openEpisodes, recentEpisodes, type AlertEpisode } from "./episodes";
export { alertKey, observe, type Observation } from "./observe";
export { isRuleId, resolveRules, RULE_IDS, type AlertRule, type AlertSeverity, type RuleId } from "./rules";
export { AlertEngine, runbookUrl, type AlertEngineDeps } from "./runner";

// One engine per server process, on globalThis so dev reloads and separately bundled routes share it.
const holder = globalThis as unknown as { __hotseatAlerts?: AlertEngine; __hotseatNotifier?: Notifier };

/** The process's notifier (the webhooks of the config, the console's store). */
export function getNotifier(): Notifier {
  if (!holder.__hotseatNotifier) {
    const config = getConfig();
    holder.__hotseatNotifier = new Notifier({ webhooks: config.alerts.webhooks, policy: policyFromConfig(config) });
  }
  return holder.__hotseatNotifier;
}

/** Start the process's alert engine once (instrumentation.ts). */
export function startAlerts(): AlertEngine {
  if (!holder.__hotseatAlerts) {
    const engine = new AlertEngine({
      collector: getCollector(),
      config: getConfig(),
      notifier: getNotifier(),
      maintenance: (now) => getMaintenance(now).enabled,
    });
    engine.start();
    holder.__hotseatAlerts = engine;
  }
  return holder.__hotseatAlerts;
}

/** The running engine, if started. */
export function alertEngine(): AlertEngine | null {
  return holder.__hotseatAlerts ?? null;
}
