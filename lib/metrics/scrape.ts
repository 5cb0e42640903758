import { Registry } from "prom-client";
import { alertEngine } from "@/lib/alerts";
import { getAppServers } from "@/lib/appservers";
import { getCollector } from "@/lib/collector";
import { isLeader } from "@/lib/leader";
import { getMaintenance } from "@/lib/maintenance";
import { fleetRegistry } from "./fleet";
import { processMetrics } from "./http";
import { storeCounts } from "./store-counts";

/** The Prometheus text format's content type. */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/**
 * Everything GET /api/metrics answers, from the collector's and the app-server poller's memory, the alert engine's memory and two
 * aggregates of the console's own store: a scrape never sends a query to a monitored server.
 */
export async function renderMetrics(now = new Date()): Promise<string> {
  const collector = getCollector();
  const fleet = fleetRegistry({
    view: collector.topology(now.getTime()),
    pollStats: collector.pollStats(),
    alerts: alertEngine()?.current() ?? [],
    maintenanceEnabled: (await getMaintenance(now)).enabled,
    store: await storeCounts(),
    appServers: getAppServers().snapshot(now.getTime()).appServers,
    // Always 1 on a console of its own; of two on one PostgreSQL store, the elected one.
    leader: isLeader(),
  });
  return Registry.merge([processMetrics().registry, fleet]).metrics();
}
