import type { HotSeatConfig } from "@/lib/config";

/** The alert rules Hot Seat ships; ids double as the codes in notifications and the timeline. */
export const RULE_IDS = [
  "replica_lagging",
  "replication_stopped",
  "replication_error",
  "server_unreachable",
  "all_replicas_past_cutoff",
  "writer_overloaded",
  "connections_near_max",
  "long_running_query",
  "app_workers_exhausted",
  "app_server_unreachable",
] as const;

export type RuleId = (typeof RULE_IDS)[number];
export type AlertSeverity = "critical" | "warning";

/** One rule with its effective settings (shipped defaults overlaid by `alerts.rules` of the config). */
export interface AlertRule {
  id: RuleId;
  title: string;
  severity: AlertSeverity;
  enabled: boolean;
  /** the condition must hold this long before the alert fires */
  forSeconds: number;
  /** the condition must be clear this long before the alert resolves (no flapping at a threshold) */
  resolveSeconds: number;
  /** while the site is in maintenance, the rule does not fire (a firing one still resolves) */
  silenceDuringMaintenance: boolean;
  thresholds: Record<string, number>;
}

type Defaults = Omit<AlertRule, "id" | "thresholds"> & { thresholds: (config: HotSeatConfig) => Record<string, number> };

const DEFAULTS: Record<RuleId, Defaults> = {
  replica_lagging: {
    title: "Replica lag past the cutoff",
    severity: "warning",
    enabled: true,
    forSeconds: 30,
    resolveSeconds: 10,
    silenceDuringMaintenance: true,
    thresholds: (c) => ({ lagSeconds: c.lagCutoffSeconds }),
  },
  replication_stopped: {
    title: "Replication stopped",
    severity: "warning",
    enabled: true,
    forSeconds: 15,
    resolveSeconds: 5,
    silenceDuringMaintenance: true,
    thresholds: () => ({}),
  },
  replication_error: {
    title: "Replication error",
    severity: "critical",
    enabled: true,
    forSeconds: 5,
    resolveSeconds: 5,
    silenceDuringMaintenance: false,
    thresholds: () => ({}),
  },
  server_unreachable: {
    title: "Server unreachable",
    severity: "critical",
    enabled: true,
    forSeconds: 10,
    resolveSeconds: 5,
    silenceDuringMaintenance: false,
    thresholds: () => ({}),
  },
  all_replicas_past_cutoff: {
    title: "Every replica past the cutoff: reads fall back to the writer",
    severity: "critical",
    enabled: true,
    forSeconds: 15,
    resolveSeconds: 10,
    silenceDuringMaintenance: true,
    thresholds: () => ({}),
  },
  writer_overloaded: {
    title: "Writer overloaded",
    severity: "critical",
    enabled: true,
    forSeconds: 30,
    resolveSeconds: 15,
    silenceDuringMaintenance: false,
    thresholds: (c) => ({ threadsRunning: c.overload.threadsRunning }),
  },
  connections_near_max: {
    title: "Connections near max_connections",
    severity: "critical",
    enabled: true,
    forSeconds: 30,
    resolveSeconds: 15,
    silenceDuringMaintenance: false,
    thresholds: (c) => ({ connectionsRatio: c.overload.connectionsRatio }),
  },
  long_running_query: {
    title: "Long-running query",
    severity: "warning",
    enabled: true,
    forSeconds: 0,
    resolveSeconds: 5,
    silenceDuringMaintenance: true,
    thresholds: (c) => ({ seconds: Math.max(300, c.processlist.longQuerySeconds) }),
  },
  app_workers_exhausted: {
    title: "App server workers exhausted: requests queue",
    severity: "critical",
    enabled: true,
    forSeconds: 10,
    resolveSeconds: 10,
    silenceDuringMaintenance: false,
    thresholds: () => ({}),
  },
  app_server_unreachable: {
    title: "App server unreachable",
    severity: "critical",
    enabled: true,
    forSeconds: 10,
    resolveSeconds: 5,
    silenceDuringMaintenance: false,
    thresholds: () => ({}),
  },
};

/** Every rule with the config's overrides applied. Unknown rule ids in the config are ignored. */
export function resolveRules(config: HotSeatConfig): AlertRule[] {
  const overrides = config.alerts.rules ?? {};
  return RULE_IDS.map((id) => {
    const d = DEFAULTS[id];
    const o = overrides[id] ?? {};
    return {
      id,
      title: d.title,
      severity: d.severity,
      enabled: o.enabled ?? d.enabled,
      forSeconds: o.forSeconds ?? d.forSeconds,
      resolveSeconds: o.resolveSeconds ?? d.resolveSeconds,
      silenceDuringMaintenance: o.silenceDuringMaintenance ?? d.silenceDuringMaintenance,
      thresholds: { ...d.thresholds(config), ...(o.thresholds ?? {}) },
    };
  });
}

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}

/** A rule's title for people ("Replication stopped"); an unknown id in words. */
export function ruleTitle(id: string): string {
  return isRuleId(id) ? DEFAULTS[id].title : id.replace(/[._]/g, " ");
}
