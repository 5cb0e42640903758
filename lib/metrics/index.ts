/** lib/metrics: the Prometheus exposition (GET /api/metrics) and the console's HTTP request counts. */
export { registerAppTier, type AppServerMetricsView } from "./app-tier";
export { clusterOf, fleetRegistry, type FleetMetricsInput } from "./fleet";
export { observeHttp, processMetrics, routePattern, withHttpMetrics } from "./http";
export { METRICS_CONTENT_TYPE, renderMetrics } from "./scrape";
export { storeCounts, type StoreCounts } from "./store-counts";
