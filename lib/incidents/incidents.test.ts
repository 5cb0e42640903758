import { describe, expect, it } from "vitest";
import type { AlertEpisode } from "@/lib/alerts/episodes";
import type { AuditEntry } from "@/lib/audit/types";
import { mergeTimeline } from "@/lib/timeline/merge";
import { summarizeLag } from "./lag";
import type { IncidentRecord } from "./records";
import { incidentReportMarkdown } from "./report";
import { buildIncidentView, linkedAlerts } from "./view";

const T = (hhmmss: string) => `2025-06-02T${hhmmss}.000Z`;

const episode: AlertEpisode = {
  id: 1, rule: "replication_stopped", serverId: "db4", severity: "warning", message: "Replication on db4 is stopped (SQL thread).",
  pendingSince: T("09:14:50"), firedAt: T("09:15:05"), resolvedAt: T("09:40:00"), lastMessage: "Replication on db4 is stopped (SQL thread).",
};
const audit = (id: number, at: string, action: string, params: Record<string, unknown>, result: AuditEntry["result"] = "ok", serverId: string | null = null): AuditEntry => ({
  id, at, actor: "oncall", role: "operator", via: "session", action, serverId, params, result, error: null, durationMs: 5, ip: null,
});
const actions: AuditEntry[] = [
  audit(10, T("09:20:00"), "maintenance.set", { body: { enabled: true, message: "Back soon" } }),
  audit(11, T("09:22:00"), "kill", { pid: 4242, mode: "query", outcome: "killed" }, "ok", "db1"),
  audit(12, T("09:23:00"), "sign-in", {}),
  audit(13, T("09:19:00"), "incident.open", {}),
  audit(14, T("09:35:00"), "maintenance.set", { body: { enabled: false } }),
  audit(15, T("09:21:00"), "PUT /api/maintenance", {}, "denied"),
];
const incident: IncidentRecord = {
  id: 7, name: "Site down: MySQL", status: "resolved", impact: "major", createdAt: T("09:19:00"), updatedAt: T("09:45:00"), monitoringAt: null,
  resolvedAt: T("09:45:00"), createdBy: "oncall",
  updates: [
    { id: 3, incidentId: 7, status: "resolved", body: "All good", components: [], createdAt: T("09:45:00"), createdBy: "oncall" },
    { id: 2, incidentId: 7, status: "identified", body: "Rogue query | killed", components: [], createdAt: T("09:25:00"), createdBy: "oncall" },
    { id: 1, incidentId: 7, status: "investigating", body: "Looking", components: [], createdAt: T("09:19:00"), createdBy: "oncall" },
  ],
};

describe("timeline merge", () => {
  const stream = mergeTimeline({ episodes: [episode], audit: actions, incidents: [incident], failoverRuns: [] }, new Date(T("09:00:00")), new Date(T("10:00:00")));

  it("holds alerts, actions and incident updates in time order, without sessions, denials or duplicated incident audit", () => {
    expect(stream.map((e) => `${e.at.slice(11, 19)} ${e.kind} ${e.code}`)).toEqual([
      "09:15:05 alert.firing replication_stopped",
      "09:19:00 incident.opened incident.open",
      "09:20:00 action maintenance.set",
      "09:22:00 action kill",
      "09:25:00 incident.update incident.update",
      "09:35:00 action maintenance.set",
      "09:40:00 alert.resolved replication_stopped",
      "09:45:00 incident.update incident.update",
    ]);
    expect(stream.filter((e) => e.mitigation).map((e) => e.title)).toEqual(["Maintenance on", "Killed query 4242 on db1"]);
  });

  it("limits to the window", () => {
    const late = mergeTimeline({ episodes: [episode], audit: actions, incidents: [incident], failoverRuns: [] }, new Date(T("09:30:00")), new Date(T("09:41:00")));
    expect(late.map((e) => e.code)).toEqual(["maintenance.set", "replication_stopped"]);
  });

  it("view: window from the first signal, TTD/TTM/TTR from it", () => {
    const alerts = linkedAlerts(incident, [episode, { ...episode, id: 2, firedAt: T("07:00:00"), pendingSince: T("06:59:00"), resolvedAt: T("07:05:00") }], new Date(T("10:00:00")));
    expect(alerts.map((a) => a.id)).toEqual([1]);
    const view = buildIncidentView(incident, alerts, stream, [], new Date(T("10:00:00")));
    expect(view.firstSignalAt).toBe(T("09:14:50"));
    expect(view.detectedBy).toBe("alert");
    expect([view.ttdSeconds, view.ttmSeconds, view.ttrSeconds]).toEqual([15, 310, 1810]);
  });

  it("report: every section, the timeline in UTC in order, lag honest about coverage, open follow-ups", () => {
    const view = buildIncidentView(incident, [episode], stream, [
      { id: 1, incidentId: 7, text: "Batch jobs check lag", owner: "dev", done: false, createdAt: T("09:50:00"), createdBy: "oncall", doneAt: null },
      { id: 2, incidentId: 7, text: "Kill the migration", owner: null, done: true, createdAt: T("09:50:00"), createdBy: "oncall", doneAt: T("09:51:00") },
    ], new Date(T("10:00:00")));
    const points = [0, 1, 2].map((i) => ({ t: Date.parse(T("09:30:00")) + i * 1000, lagSeconds: 40 + i }));
    const lag = [summarizeLag("db4", points, new Date(view.windowStart), new Date(view.windowEnd), 30, 1000), summarizeLag("db3", [], new Date(view.windowStart), new Date(view.windowEnd), 30, 1000)];
    const md = incidentReportMarkdown({ view, lag, lagCutoffSeconds: 30, generatedAt: T("10:00:00") });
    const sections = ["# Incident report: Site down: MySQL", "## Summary", "## Impact window", "## Timeline (UTC)", "## Replication lag", "## Actions", "## Follow-ups"];
    const at = sections.map((s) => md.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const timelineLines = md.split("\n").filter((l) => /^- \*\*\d\d:\d\d:\d\d\*\*/.test(l));
    expect(timelineLines.map((l) => l.slice(4, 12))).toEqual(["09:15:05", "09:19:00", "09:20:00", "09:22:00", "09:25:00", "09:35:00", "09:40:00", "09:45:00"]);
    expect(md).toContain("Rogue query \\| killed");
    expect(md).toContain("| db4 | 40.0 s | 42.0 s | 09:30:02 | 3 s | partial: from 2025-06-02 09:30:00 UTC only |");
    expect(md).toMatch(/\| db3 \| — \| — \| — \| — \| no history for this window/);
    expect(md).toContain("| 2025-06-02 09:22:00 UTC | oncall | Killed query 4242 on db1 | ok |");
    expect(md).toContain("- [ ] Batch jobs check lag (owner: dev)");
    expect(md).toContain("- [x] Kill the migration");
    expect(md).toContain("Time to detect **15s**, to mitigate **5m 10s**, to resolve **30m 10s**.");
  });
});
