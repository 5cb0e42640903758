/** How the dashboard words and colours the topology's values. Pure functions, no React. */
import type { Health, LagSource, Problem, Role, ServerView } from "@/lib/topology/types";
import type { Tone } from "@/components/ui/badge";

export const HEALTH_LABEL: Record<Health, string> = {
  ok: "ok",
  lagging: "lagging",
  stopped: "stopped",
  error: "error",
  unreachable: "unreachable",
  unknown: "lag unknown",
};

export const HEALTH_TONE: Record<Health, Tone> = {
  ok: "ok",
  lagging: "warn",
  stopped: "danger",
  error: "danger",
  unreachable: "danger",
  unknown: "neutral",
};

/** Left-border colour of a card, by health. */
export const HEALTH_BORDER: Record<Health, string> = {
  ok: "border-l-emerald-600",
  lagging: "border-l-amber-500",
  stopped: "border-l-red-500",
  error: "border-l-red-500",
  unreachable: "border-l-red-700",
  unknown: "border-l-slate-500",
};

export const ROLE_LABEL: Record<Role, string> = {
  writer: "writer",
  "co-master": "co-master",
  replica: "replica",
  unknown: "unknown role",
};

export const ROLE_TONE: Record<Role, Tone> = {
  writer: "accent",
  "co-master": "info",
  replica: "neutral",
  unknown: "neutral",
};

const LAG_SOURCE_LABEL: Record<Exclude<LagSource, null>, string> = {
  heartbeat: "heartbeat",
  seconds_behind: "Seconds_Behind",
};

/** Seconds with one decimal under 100, whole seconds above, minutes past an hour of lag. */
export function formatSeconds(seconds: number): string {
  if (seconds < 100) return `${seconds.toFixed(1)} s`;
  if (seconds < 3600) return `${Math.round(seconds)} s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${h} h ${m} min`;
}

/** "12.3 s (heartbeat)", or "unknown" when no lag could be measured. */
export function formatLag(lagSeconds: number | null, lagSource: LagSource): string {
  if (lagSeconds === null) return "unknown";
  const source = lagSource ? ` (${LAG_SOURCE_LABEL[lagSource]})` : "";
  return `${formatSeconds(lagSeconds)}${source}`;
}

/** A per-second rate: "1,234/s", "0.4/s", or a dash when unknown. */
export function formatRate(perSecond: number | null): string {
  if (perSecond === null) return "—";
  const digits = perSecond < 10 ? 1 : 0;
  return `${perSecond.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })}/s`;
}

export function formatCount(value: number | null): string {
  return value === null ? "—" : value.toLocaleString("en-US");
}

/** read_only as the operator thinks of it: "ON (super)" / "ON" / "OFF" / "unknown". */
export function formatReadOnly(server: Pick<ServerView, "readOnly" | "superReadOnly">): string {
  if (server.readOnly === null) return "unknown";
  if (!server.readOnly) return "OFF";
  return server.superReadOnly ? "ON (super)" : "ON";
}

/** Whole seconds between an ISO time and now; never negative (clocks drift a little). */
export function ageSeconds(iso: string, nowMs: number): number {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return 0;
  return Math.max(0, Math.round((nowMs - then) / 1000));
}

/** Critical problems first, then the fleet-wide ones (no server), then by server id. */
export function sortProblems(problems: Problem[]): Problem[] {
  const severityRank = { critical: 0, warning: 1 } as const;
  return [...problems].sort(
    (a, b) =>
      severityRank[a.severity] - severityRank[b.severity] ||
      Number(a.serverId !== null) - Number(b.serverId !== null) ||
      (a.serverId ?? "").localeCompare(b.serverId ?? ""),
  );
}
