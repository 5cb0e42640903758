import fs from "node:fs";
import path from "node:path";
import { Registry } from "prom-client";
import { countPoll, emptyPollStats } from "@/lib/collector/poll-stats";
import { analyseFleet } from "@/lib/topology/analyse";
import { channel, NOW, storyFleet } from "@/lib/topology/fixtures";
import { fleetRegistry, type FleetMetricsInput } from "./fleet";
import { processMetrics } from "./http";

/** Plain-object inputs of the exposition, for unit tests. */

/** The story at 9:15: db4's SQL thread stopped 45 s ago (heartbeat lag), db3 unreachable. */
export function incident(over: Partial<FleetMetricsInput> = {}): FleetMetricsInput {
  const view = analyseFleet(
    storyFleet({
      db3: { reachable: false, error: "timed out" },
      db4: { replication: [channel(33061, 1, { sqlRunning: false, secondsBehindSource: null })], heartbeats: [{ serverId: 1, ageSeconds: 45 }] },
    }),
    { now: NOW },
  );
  const stats = emptyPollStats();
  countPoll(stats, 0.004, false);
  countPoll(stats, 0.3, false);
  countPoll(stats, 2.1, true);
  return {
    view,
    pollStats: { db1: stats },
    alerts: [
      { ruleId: "replica_lagging", serverId: "db4", severity: "warning", status: "firing" },
      { ruleId: "replication_stopped", serverId: "db4", severity: "warning", status: "pending" },
    ],
    maintenanceEnabled: true,
    store: { failovers: [{ mode: "graceful", result: "ok", toServer: "db2", count: 2 }], notificationsSent: 3, notificationsFailed: 1, deliveryAttempts: 7, deliveryAttemptsOk: 3 },
    leader: true,
    ...over,
  };
}

export const appServers: FleetMetricsInput["appServers"] = [
  { id: "app1", reachable: true, health: "saturated", phpFpm: { activeProcesses: 50, idleProcesses: 0, totalProcesses: 50, listenQueue: 12, maxChildrenReached: 3, slowRequests: 40, acceptedPerSecond: 30 }, nginx: { active: 300, reading: 2, writing: 250, waiting: 48, requestsPerSecond: 120.5 } },
  { id: "app2", reachable: false, health: "unreachable", phpFpm: null, nginx: null },
];

/** Every metric family the console can export (fleet, app tier, HTTP), by name. */
export async function exportedFamilies(): Promise<Set<string>> {
  const text = await Registry.merge([processMetrics().registry, fleetRegistry(incident({ appServers }))]).metrics();
  return new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
}

export const DASHBOARD_FILE = path.resolve(import.meta.dirname, "../../docs/grafana/hotseat.json");

/** Every PromQL expression of the Grafana dashboard (panels and annotations). */
export function dashboardExprs(): string[] {
  const dashboard = JSON.parse(fs.readFileSync(DASHBOARD_FILE, "utf8"));
  return [
    ...(dashboard.panels as { targets?: { expr: string }[] }[]).flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
    ...(dashboard.annotations.list as { expr: string }[]).map((a) => a.expr),
  ];
}
