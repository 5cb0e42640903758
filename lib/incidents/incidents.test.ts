import { describe, expect, it } from "vitest";
import type { AlertEpisode } from "@/lib/alerts/episodes";
import type { AuditEntry } from "@/lib/audit/types";
import { mergeTimeline } from "@/lib/timeline/merge";
import { lagCoverageWords, pastCutoffWords, summarizeLag, unknownShare } from "./lag";
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
    // 3 known seconds of a 30m 10s window: the numbers say how little they stand on.
    expect(md).toContain("| db4 | 40.0 s | 42.0 s | 09:30:02 | 3 s of 3s known | lag known for 0 % of the window, unknown for 30m 07s; history from 2025-06-02 09:30:00 UTC only |");
    expect(md).toMatch(/\| db3 \| unknown \| unknown \| — \| unknown \| no history for this window/);
    expect(md).toContain("| 2025-06-02 09:22:00 UTC | oncall | Killed query 4242 on db1 | ok |");
    expect(md).toContain("- [ ] Batch jobs check lag (owner: dev)");
    expect(md).toContain("- [x] Kill the migration");
    expect(md).toContain("Time to detect **15s**, to mitigate **5m 10s**, to resolve **30m 10s**.");
  });

  it("report: unknown lag is unknown, not 0 s, and the share of the window without data is stated", () => {
    const start = Date.parse(T("09:00:00"));
    // 60 s window, one sample a second: 30 known at 1 s, then 30 with the writer not answering.
    const points = Array.from({ length: 60 }, (_, i) => ({ t: start + i * 1000, lagSeconds: i < 30 ? 1 : null }));
    const l = summarizeLag("db3", points, new Date(start), new Date(start + 60_000), 30, 1000);
    expect(l).toMatchObject({ samples: 60, unknownSamples: 30, knownSeconds: 30, windowSeconds: 60, maxSeconds: 1, secondsPastCutoff: 0, complete: true });
    expect(unknownShare(l)).toBeCloseTo(0.5, 5);
    expect(pastCutoffWords(l)).toBe("0 s of 30s known");
    expect(lagCoverageWords(l)).toBe("lag known for 50 % of the window, unknown for 30s; 30 sample(s) without an answer");
    expect(lagCoverageWords(l)).not.toMatch(/complete/);

    const whole = summarizeLag("db4", points.map((p) => ({ ...p, lagSeconds: 40 })), new Date(start), new Date(start + 60_000), 30, 1000);
    expect(pastCutoffWords(whole)).toBe("60 s");
    expect(lagCoverageWords(whole)).toBe("lag known for the whole window (60 samples)");
  });

  it("timeline and report: a resolved alert says resolved, never the firing text; actions read in words", () => {
    const lagging: AlertEpisode = { ...episode, id: 3, rule: "replica_lagging", message: "db4 is 30.3 s behind the writer.", lastMessage: "db4 is 30.3 s behind the writer." };
    const fence = audit(20, T("09:30:00"), "failover.fence", { runId: 1, wasWritable: true }, "ok", "db1");
    const odd = audit(21, T("09:31:00"), "status.override.clear", { id: "background-jobs" });
    const entries = mergeTimeline({ episodes: [lagging], audit: [fence, odd], incidents: [], failoverRuns: [] }, new Date(T("09:00:00")), new Date(T("10:00:00")));
    const resolved = entries.find((e) => e.kind === "alert.resolved")!;
    expect(resolved.title).toBe("Alert resolved: Replica lag past the cutoff on db4");
    expect(resolved.detail).toBe("cleared after 24m 55s firing");
    expect(entries.find((e) => e.kind === "alert.firing")!.detail).toBe("db4 is 30.3 s behind the writer.");
    const titles = entries.filter((e) => e.kind === "action").map((e) => e.title);
    expect(titles).toEqual(["Old writer on db1 fenced: set read-only", "Status page: Background jobs pin cleared"]);
    const refused = { ...audit(22, T("09:32:00"), "failover", { body: { candidate: "db3" } }, "refused"), error: "Refused (promotion_must_not): db3 may never become the writer." };
    const [refusal] = mergeTimeline({ episodes: [], audit: [refused], incidents: [], failoverRuns: [] }, new Date(T("09:00:00")), new Date(T("10:00:00")));
    expect(refusal.title).toBe("Failover to db3 (refused: db3 may never become the writer.)");
    const on = audit(23, T("09:33:00"), "maintenance.set", { body: { enabled: true, message: "Back soon", until: T("10:00:00") } });
    const switched = audit(24, T("09:34:00"), "failover", { candidate: "db2", mode: "emergency" }, "ok", "db2");
    const failed = { ...audit(25, T("09:35:00"), "failover", { candidate: "db2", mode: "graceful" }, "error", "db2"), error: 'Failover to db2 failed at "Make db2 writable": timeout. Rolled back.' };
    const words = mergeTimeline({ episodes: [], audit: [on, switched, failed], incidents: [], failoverRuns: [] }, new Date(T("09:00:00")), new Date(T("10:00:00")));
    expect(words.map((e) => [e.title, e.detail])).toEqual([
      ["Maintenance on", "Back soon · until 2025-06-02 10:00 UTC"],
      ["Failover to db2 (emergency switch)", null],
      ['Failover to db2 (graceful switch) (failed: at "Make db2 writable": timeout. Rolled back.)', null],
    ]);

    const view = buildIncidentView(incident, [lagging], entries, [], new Date(T("10:00:00")));
    const md = incidentReportMarkdown({ view, lag: [], lagCutoffSeconds: 30, generatedAt: T("10:00:00") });
    const resolvedLine = md.split("\n").find((l) => l.includes("Alert resolved"))!;
    expect(resolvedLine).not.toContain("30.3 s behind");
    expect(md).not.toMatch(/failover\.fence|status\.override|replica_lagging/);
    expect(md).toContain("- **Status:** Resolved at 2025-06-02 09:45:00 UTC");
  });
});
