import { isLongRunningStatement } from "@/lib/processlist/classify";
import { maskSecrets } from "@/lib/processlist/statement";
import type { ProcessView } from "@/lib/processlist/types";
import type { TopologyView } from "@/lib/topology/types";
import type { AlertRule, AlertSeverity, RuleId } from "./rules";

/** A rule's condition holding for one server (or the fleet) at one evaluation. */
export interface Observation {
  ruleId: RuleId;
  /** null for fleet-wide conditions */
  serverId: string | null;
  severity: AlertSeverity;
  message: string;
}

/**
 * Which rules' conditions hold now, from what the collector already knows (the topology and the
 * classified processlist). Pure: no I/O, no clock.
 */
export function observe(view: TopologyView, processes: readonly ProcessView[], rules: readonly AlertRule[]): Observation[] {
  const out: Observation[] = [];
  const rule = (id: RuleId) => rules.find((r) => r.id === id && r.enabled);
  const add = (r: AlertRule | undefined, serverId: string | null, message: string, severity?: AlertSeverity) => {
    if (r) out.push({ ruleId: r.id, serverId, severity: severity ?? r.severity, message });
  };

  const lag = rule("replica_lagging");
  const stopped = rule("replication_stopped");
  const errored = rule("replication_error");
  const unreachable = rule("server_unreachable");
  const overloaded = rule("writer_overloaded");
  const connections = rule("connections_near_max");

  for (const s of view.servers) {
    if (!s.reachable) {
      add(unreachable, s.id, `${s.id} cannot be reached${s.error ? `: ${s.error}` : ""}.`);
      continue;
    }
    if (s.health === "error") add(errored, s.id, `Replication on ${s.id} failed: ${s.replication?.lastError ?? "unknown error"}.`);
    else if (s.health === "stopped") {
      const which = s.replication && !s.replication.sqlRunning ? "SQL thread" : "IO thread";
      add(stopped, s.id, `Replication on ${s.id} is stopped (${which}).`);
    }
    const lagLimit = lag?.thresholds.lagSeconds ?? view.lagCutoffSeconds;
    if (s.role !== "writer" && s.replication && s.lagSeconds != null && s.lagSeconds > lagLimit) {
      add(lag, s.id, `${s.id} is ${s.lagSeconds.toFixed(1)} s behind, past the ${lagLimit} s cutoff.`);
    }
    const threadsLimit = overloaded?.thresholds.threadsRunning;
    if (s.role === "writer" && threadsLimit != null && s.threadsRunning != null && s.threadsRunning >= threadsLimit) {
      add(overloaded, s.id, `The writer ${s.id} has ${s.threadsRunning} threads running (limit ${threadsLimit}).`);
    }
    const ratio = connections?.thresholds.connectionsRatio;
    if (ratio != null && s.threadsConnected != null && s.maxConnections && s.threadsConnected >= ratio * s.maxConnections) {
      add(connections, s.id, `${s.id} has ${s.threadsConnected} of ${s.maxConnections} connections in use.`, s.role === "writer" ? "critical" : "warning");
    }
  }

  // The story's root cause: the analysis already knows which servers count as replicas and why.
  const everyReplica = view.problems.find((p) => p.code === "all_replicas_past_cutoff");
  if (everyReplica) add(rule("all_replicas_past_cutoff"), everyReplica.serverId, everyReplica.message);

  // The app tier's problems (lib/appservers, joined to the topology's) fire as they are.
  for (const p of view.problems) {
    if (p.code === "app_workers_exhausted" || p.code === "app_server_unreachable") add(rule(p.code), p.serverId, p.message);
  }

  const longRule = rule("long_running_query");
  if (longRule) {
    const limit = longRule.thresholds.seconds ?? 300;
    const longest = new Map<string, ProcessView>();
    for (const p of processes) {
      if (!isLongRunningStatement(p, limit)) continue;
      const current = longest.get(p.serverId);
      if (!current || p.timeSeconds > current.timeSeconds) longest.set(p.serverId, p);
    }
    for (const [serverId, p] of longest) {
      // Alerts reach the timeline, viewers and webhooks: the statement goes masked.
      const statement = maskSecrets(p.info)!.replace(/\s+/g, " ").slice(0, 120);
      add(longRule, serverId, `${serverId}: thread ${p.id} (${p.user}@${p.host}) has run ${p.timeSeconds} s: ${statement}`);
    }
  }
  return out;
}

/** The key of one alert's state: one episode at a time per (rule, server). */
export function alertKey(ruleId: string, serverId: string | null): string {
  return `${ruleId}:${serverId ?? "*"}`;
}
