import type { AlertEpisode } from "@/lib/alerts/episodes";
import type { AuditEntry } from "@/lib/audit/types";
import type { FailoverRun } from "@/lib/actions/failover/types";
import type { IncidentRecord } from "@/lib/incidents/records";
import { ruleTitle } from "@/lib/alerts/rules";
import { DEFAULT_NAMES } from "@/lib/status/settings";
import { formatDuration, formatUtc } from "@/lib/time";
import type { TimelineEntry } from "./types";

/** Audit actions that are not part of an incident's story (sessions, reads) or come from another source. */
const NOT_ACTIONS = new Set(["sign-in", "sign-out", "incident.open", "incident.update", "incident.followup.add", "incident.followup.update", "alerts.test", "runbook.save", "runbook.reset"]);

/** Successful actions that mitigate: the site protected, a query killed, the writer moved. */
export function isMitigation(e: AuditEntry): boolean {
  if (e.result !== "ok") return false;
  if (e.action === "kill" || e.action === "failover" || e.action === "maintenance.window.start") return true;
  if (e.action === "maintenance.set") {
    const body = e.params?.body as { enabled?: unknown } | undefined;
    return body?.enabled === true;
  }
  return false;
}

const RESULT_WORDS: Partial<Record<AuditEntry["result"], string>> = { refused: "refused", error: "failed", denied: "denied" };

/** An action's error without the verdict and rule code the title already says ("Refused (rule): …"). */
function errorWords(error: string): string {
  return error.replace(/^(refused|failed|error)\s*(\([a-z0-9_.]+\))?\s*:\s*/i, "").replace(/^Failover to \S+ failed /, "");
}

function describeAction(e: AuditEntry): { title: string; detail: string | null } {
  const p = e.params ?? {};
  const body = (p.body ?? {}) as Record<string, unknown>;
  const on = e.serverId ? ` on ${e.serverId}` : "";
  const result = e.result === "ok" ? "" : ` (${RESULT_WORDS[e.result] ?? e.result}${e.error ? `: ${errorWords(e.error)}` : ""})`;
  switch (e.action) {
    case "kill":
      return { title: `Killed ${String(p.mode ?? "query")} ${String(p.pid ?? "?")}${on}${result}`, detail: p.outcome ? `outcome: ${String(p.outcome)}` : null };
    case "maintenance.set":
      return body.enabled === true
        ? { title: `Maintenance on${result}`, detail: [body.message, body.until ? `until ${formatUtc(String(body.until))}` : null].filter(Boolean).join(" · ") || null }
        : { title: `Maintenance off${result}`, detail: null };
    case "maintenance.window.start":
      return { title: `Scheduled maintenance started${result}`, detail: null };
    case "maintenance.window.end":
      return { title: `Scheduled maintenance ended${result}`, detail: null };
    case "failover": {
      const candidate = body.candidate ?? p.candidate ?? e.serverId;
      const mode = body.mode ?? p.mode;
      return { title: `Failover to ${String(candidate ?? "?")}${mode ? ` (${String(mode)} switch)` : ""}${result}`, detail: p.rule ? `rule: ${String(p.rule)}` : null };
    }
    case "appserver.restart": {
      // how it ended, never the command or its output (those are in the audit log, for operators)
      const outcome = p.outcome === "timed_out" ? " (timed out)" : p.outcome === "failed" ? " (failed)" : result;
      return { title: `Restarted ${String(body.service ?? p.service ?? "?")}${on}${outcome}`, detail: p.restartsBefore != null ? `restart ${Number(p.restartsBefore) + 1} within 10 minutes` : null };
    }
    case "failover.fence":
      return { title: `Old writer${on} fenced: set read-only${result}`, detail: p.wasWritable === false ? "it was read-only already" : null };
    case "maintenance.window.create":
      return { title: `Maintenance window scheduled${result}`, detail: body.startsAt && body.endsAt ? `${formatUtc(String(body.startsAt))} – ${formatUtc(String(body.endsAt))}` : null };
    case "maintenance.window.cancel":
      return { title: `Maintenance window cancelled${result}`, detail: null };
    case "status.override":
      return { title: `Status page: ${componentWords(p.id)} pinned${body.status ? ` to ${String(body.status).replace(/_/g, " ")}` : ""}${result}`, detail: typeof body.note === "string" ? body.note : null };
    case "status.override.clear":
      return { title: `Status page: ${componentWords(p.id)} pin cleared${result}`, detail: null };
    default:
      // An action without its own words yet: its code read as words, never the raw code.
      return { title: `${capitalise(e.action.replace(/^(POST|PUT|PATCH|DELETE) /, "").replace(/[._/-]+/g, " ").trim())}${on}${result}`, detail: null };
  }
}

/** "Background jobs" for a status component's key; "component" when none is known. */
function componentWords(key: unknown): string {
  return typeof key === "string" && key in DEFAULT_NAMES ? DEFAULT_NAMES[key as keyof typeof DEFAULT_NAMES] : "component";
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface TimelineSources {
  episodes: readonly AlertEpisode[];
  audit: readonly AuditEntry[];
  incidents: readonly IncidentRecord[];
  failoverRuns: readonly FailoverRun[];
}

// On equal times, causes before effects: an alert, then the people, then what they did.
const RANK: Record<TimelineEntry["kind"], number> = {
  "alert.firing": 0,
  "incident.opened": 1,
  "incident.update": 2,
  "failover.step": 3,
  action: 4,
  "alert.resolved": 5,
};

/**
 * One time-ordered stream (oldest first) of alerts fired and resolved, actions from the audit log,
 * failover steps and incident updates, limited to [since, until). Pure.
 */
export function mergeTimeline(src: TimelineSources, since: Date, until: Date): TimelineEntry[] {
  const from = since.getTime();
  const to = until.getTime();
  const inWindow = (iso: string) => {
    const t = Date.parse(iso);
    return t >= from && t < to;
  };
  const out: TimelineEntry[] = [];

  for (const e of src.episodes) {
    const where = e.serverId ? ` on ${e.serverId}` : "";
    const rule = ruleTitle(e.rule);
    if (inWindow(e.firedAt)) {
      out.push({ at: e.firedAt, kind: "alert.firing", title: `Alert fired: ${rule}${where}`, detail: e.message, actor: "hotseat", serverId: e.serverId, tag: e.severity, code: e.rule, id: `alert-${e.id}-firing`, mitigation: false });
    }
    if (e.resolvedAt && inWindow(e.resolvedAt)) {
      // Resolved says resolved: the last firing message ("db4 is 30.3 s behind") is no longer true.
      const lasted = formatDuration(Date.parse(e.resolvedAt) - Date.parse(e.firedAt));
      out.push({ at: e.resolvedAt, kind: "alert.resolved", title: `Alert resolved: ${rule}${where}`, detail: `cleared after ${lasted} firing`, actor: "hotseat", serverId: e.serverId, tag: e.severity, code: e.rule, id: `alert-${e.id}-resolved`, mitigation: false });
    }
  }

  for (const a of src.audit) {
    if (NOT_ACTIONS.has(a.action) || a.result === "denied" || !inWindow(a.at) || /^(GET|HEAD) /.test(a.action)) continue;
    const { title, detail } = describeAction(a);
    out.push({ at: a.at, kind: "action", title, detail, actor: a.actor, serverId: a.serverId, tag: a.result, code: a.action, id: `audit-${a.id}`, mitigation: isMitigation(a) });
  }

  for (const run of src.failoverRuns) {
    for (const [i, step] of run.steps.entries()) {
      if (!inWindow(step.startedAt)) continue;
      out.push({
        at: step.startedAt,
        kind: "failover.step",
        title: `Failover ${run.from ?? "?"} → ${run.to}: ${step.label}`,
        detail: step.detail,
        actor: run.actor,
        serverId: run.to,
        tag: step.status,
        code: step.name,
        id: `failover-${run.id}-${i}`,
        mitigation: false,
      });
    }
  }

  for (const incident of src.incidents) {
    const updates = [...incident.updates].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
    updates.forEach((u, i) => {
      if (!inWindow(u.createdAt)) return;
      const opened = i === 0;
      out.push({
        at: u.createdAt,
        kind: opened ? "incident.opened" : "incident.update",
        title: opened ? `Incident opened: ${incident.name}` : `Incident ${u.status}: ${incident.name}`,
        detail: u.body,
        actor: u.createdBy,
        serverId: null,
        tag: u.status,
        code: opened ? "incident.open" : "incident.update",
        id: `incident-${incident.id}-update-${u.id}`,
        mitigation: false,
      });
    });
  }

  return out.sort((a, b) => a.at.localeCompare(b.at) || RANK[a.kind] - RANK[b.kind] || a.id.localeCompare(b.id, "en", { numeric: true }));
}
