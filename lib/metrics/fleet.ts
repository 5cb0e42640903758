import { Counter, Gauge, Registry } from "prom-client";
import { POLL_DURATION_BUCKETS, type PollStats } from "@/lib/collector/poll-stats";
import type { TopologyView } from "@/lib/topology/types";
import { registerAppTier, type AppServerMetricsView } from "./app-tier";
import { CumulativeHistogram } from "./cumulative-histogram";
import type { StoreCounts } from "./store-counts";

/** Everything one scrape exports about the fleet and the console, read from memory (and the console's store). */
export interface FleetMetricsInput {
  view: TopologyView;
  /** server id -> its polls since the console started */
  pollStats: Record<string, PollStats>;
  /** alerts the console's engine holds now (only the firing ones are exported) */
  alerts: readonly { ruleId: string; serverId: string | null; severity: string; status: "pending" | "firing" }[];
  maintenanceEnabled: boolean;
  store: StoreCounts;
  /** does this console do the work that must happen once (a single console always does) */
  leader: boolean;
  /** the app servers of the config, as the console last read them (none: no app_* series) */
  appServers?: readonly AppServerMetricsView[];
}

const FAILOVER_MODES = ["graceful", "emergency"] as const;
const FAILOVER_RESULTS = ["ok", "failed", "rolled_back"] as const;
const REPLICA_ROLES = new Set(["replica", "co-master"]);

/**
 * The first cluster's id (the topology's; see docs/architecture.md, "Several clusters"): the label
 * of what belongs to no one server's cluster, such as the failovers counted by the store.
 */
export function clusterOf(view: TopologyView): string {
  return view.clusters[0]?.id ?? view.servers.map((s) => s.id).sort()[0] ?? "";
}

/** A fresh registry holding the fleet's state at this instant (built per scrape: the values are not ours to keep). */
export function fleetRegistry(input: FleetMetricsInput): Registry {
  const registry = new Registry();
  const registers = [registry];
  const cluster = clusterOf(input.view);
  const perServer = ["server", "cluster"] as const;
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name, help, labelNames: [...labelNames], registers });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames: [...labelNames], registers });

  const up = gauge("hotseat_server_up", "1 when the console's last poll of the server succeeded, else 0.", perServer);
  const role = gauge("hotseat_server_role", "1 for the server's current role (writer, co-master, replica, unknown).", [...perServer, "role"]);
  const lag = gauge(
    "hotseat_replication_lag_seconds",
    "Replication lag in seconds, from the heartbeat (source=heartbeat) or Seconds_Behind_Master (source=seconds_behind); absent while unknown.",
    [...perServer, "source"],
  );
  const lagKnown = gauge("hotseat_replication_lag_known", "1 when a replica's lag is known, 0 when it is not (stopped SQL thread without a heartbeat, unreachable).", perServer);
  const threads = gauge("hotseat_replication_thread_running", "1 when the replication thread (io or sql) runs, else 0.", [...perServer, "thread"]);
  const eligible = gauge("hotseat_read_eligible", "1 when the replica may serve reads (reachable, replicating, lag within the cutoff), else 0.", perServer);
  const writer = gauge("hotseat_writer", "1 for the server the console sees as the writer, else 0.", perServer);
  const running = gauge("hotseat_threads_running", "Threads_running on the server at the last poll.", perServer);
  const connected = gauge("hotseat_threads_connected", "Threads_connected on the server at the last poll.", perServer);
  const maxConnections = gauge("hotseat_max_connections", "The server's max_connections.", perServer);
  const cutoff = gauge("hotseat_lag_cutoff_seconds", "The read cutoff: a replica lagging more than this leaves the read pool.", ["cluster"]);

  const clusterWriter = new Map(input.view.clusters.map((c) => [c.id, c.writer]));
  const clusterOfServer = new Map(input.view.servers.map((s) => [s.id, s.clusterId ?? cluster]));
  for (const s of input.view.servers) {
    const labels = { server: s.id, cluster: clusterOfServer.get(s.id)! };
    up.set(labels, s.reachable ? 1 : 0);
    role.set({ ...labels, role: s.role }, 1);
    writer.set(labels, (clusterWriter.has(labels.cluster) ? clusterWriter.get(labels.cluster) : input.view.writer) === s.id ? 1 : 0);
    eligible.set(labels, s.readEligible ? 1 : 0);
    if (s.lagSeconds != null && Number.isFinite(s.lagSeconds)) lag.set({ ...labels, source: s.lagSource ?? "unknown" }, s.lagSeconds);
    if (REPLICA_ROLES.has(s.role)) lagKnown.set(labels, s.lagSeconds != null && Number.isFinite(s.lagSeconds) ? 1 : 0);
    if (s.replication) {
      threads.set({ ...labels, thread: "io" }, s.replication.ioRunning ? 1 : 0);
      threads.set({ ...labels, thread: "sql" }, s.replication.sqlRunning ? 1 : 0);
    }
    if (s.threadsRunning != null) running.set(labels, s.threadsRunning);
    if (s.threadsConnected != null) connected.set(labels, s.threadsConnected);
    if (s.maxConnections != null) maxConnections.set(labels, s.maxConnections);
  }
  if (input.view.clusters.length === 0) cutoff.set({ cluster }, input.view.lagCutoffSeconds);
  for (const c of input.view.clusters) cutoff.set({ cluster: c.id }, c.lagCutoffSeconds);

  const pollErrors = counter("hotseat_poll_errors_total", "Polls of the server that failed (unreachable, timed out, refused).", perServer);
  const series = input.view.servers.map((s) => {
    const stats = input.pollStats[s.id] ?? { polls: 0, failures: 0, seconds: 0, buckets: [] };
    const labels = { server: s.id, cluster: clusterOfServer.get(s.id)! };
    pollErrors.inc(labels, stats.failures);
    return { labels, counts: stats.buckets, count: stats.polls, sum: stats.seconds };
  });
  registry.registerMetric(
    new CumulativeHistogram(
      { name: "hotseat_poll_duration_seconds", help: "How long one poll of the server took (every query of one round).", labelNames: perServer, buckets: POLL_DURATION_BUCKETS },
      series,
    ),
  );

  gauge("hotseat_maintenance_enabled", "1 while the site is in maintenance mode, else 0.", []).set(input.maintenanceEnabled ? 1 : 0);
  gauge("hotseat_leader", "1 when this console is the leader (stamps the heartbeat, sends alerts), else 0.", []).set(input.leader ? 1 : 0);

  const firing = gauge("hotseat_alerts_firing", "Alerts the console's own rules have firing now, by rule, severity and server.", ["cluster", "rule", "severity", "server"]);
  for (const a of input.alerts) {
    if (a.status === "firing") firing.inc({ cluster: (a.serverId && clusterOfServer.get(a.serverId)) || cluster, rule: a.ruleId, severity: a.severity, server: a.serverId ?? "" });
  }

  const failovers = counter("hotseat_failovers_total", "Failovers run by the console, by mode and result.", ["cluster", "mode", "result"]);
  // A run belongs to the cluster of the server it promoted (a failover never leaves its cluster).
  for (const c of input.view.clusters.length ? input.view.clusters.map((x) => x.id) : [cluster]) {
    for (const mode of FAILOVER_MODES) for (const result of FAILOVER_RESULTS) failovers.inc({ cluster: c, mode, result }, 0);
  }
  for (const f of input.store.failovers) failovers.inc({ cluster: clusterOfServer.get(f.toServer) || cluster, mode: f.mode, result: f.result }, f.count);

  counter("hotseat_notifications_sent_total", "Alert notifications delivered to a webhook.", []).inc(input.store.notificationsSent);
  counter("hotseat_notifications_failed_total", "Alert notifications given up on after the last retry.", []).inc(input.store.notificationsFailed);
  const attempts = counter("hotseat_webhook_delivery_attempts_total", "Attempts to send a notification to a webhook, by outcome (ok: a 2xx answer).", ["outcome"]);
  attempts.inc({ outcome: "ok" }, input.store.deliveryAttemptsOk);
  attempts.inc({ outcome: "error" }, Math.max(0, input.store.deliveryAttempts - input.store.deliveryAttemptsOk));
  registerAppTier(registry, input.appServers ?? []);
  return registry;
}
