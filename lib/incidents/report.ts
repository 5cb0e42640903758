import { ruleTitle } from "@/lib/alerts/rules";
import { UPDATE_WORDS } from "@/lib/status/words";
import { formatClock, formatSecondsTaken as secs, formatUtc } from "@/lib/time";
import { lagCoverageWords, lagSecondsWords, pastCutoffWords, type LagSummary } from "./lag";
import type { IncidentView } from "./view";

/** "2025-06-02 09:15:04 UTC" */
const utc = (iso: string) => formatUtc(iso, "second");

/** A table cell: one line, pipes escaped. */
function cell(text: string | null | undefined): string {
  return (text ?? "").replace(/\s+/g, " ").replace(/\|/g, "\\|").trim();
}

export interface ReportInput {
  view: IncidentView;
  lag: readonly LagSummary[];
  lagCutoffSeconds: number;
  /** ISO: when the report was made */
  generatedAt: string;
}

/**
 * The battle report: an incident as Markdown, ready to paste into a postmortem. Summary, impact
 * window, timeline in UTC, lag over the window, actions with who and when, open follow-ups. Pure.
 */
export function incidentReportMarkdown({ view, lag, lagCutoffSeconds, generatedAt }: ReportInput): string {
  const i = view.incident;
  const lines: string[] = [];
  const push = (...l: string[]) => lines.push(...l);
  const latest = i.updates[0];
  const first = i.updates[i.updates.length - 1];

  push(`# Incident report: ${i.name}`, "");
  push(`_Incident #${i.id} · generated ${utc(generatedAt)} by Hot Seat_`, "");

  push("## Summary", "");
  push(`- **Status:** ${UPDATE_WORDS[i.status]}${i.resolvedAt ? ` at ${utc(i.resolvedAt)}` : " (still open)"}`);
  push(`- **Impact:** ${i.impact}`);
  push(`- **Opened by:** ${i.createdBy} at ${utc(i.createdAt)}`);
  if (first) push(`- **First update:** ${cell(first.body)}`);
  if (latest && latest !== first) push(`- **Latest update:** ${cell(latest.body)}`);
  const rules = [...new Set(view.alerts.map((a) => `${ruleTitle(a.rule)}${a.serverId ? ` on ${a.serverId}` : ""}`))];
  push(`- **Alerts:** ${rules.length ? rules.join(", ") : "none fired in the window"}`, "");

  push("## Impact window", "");
  push(`| | time (UTC) | from first signal |`, `|---|---|---|`);
  push(`| First signal | ${utc(view.firstSignalAt)} | 0s |`);
  push(`| Detected (${view.detectedBy === "alert" ? "first alert fired" : "incident opened"}) | ${utc(view.detectedAt)} | ${secs(view.ttdSeconds)} |`);
  push(`| Mitigated (first mitigating action) | ${view.mitigatedAt ? utc(view.mitigatedAt) : "—"} | ${secs(view.ttmSeconds)} |`);
  push(`| Resolved | ${view.resolvedAt ? utc(view.resolvedAt) : "— (open)"} | ${secs(view.ttrSeconds)} |`, "");
  push(`Time to detect **${secs(view.ttdSeconds)}**, to mitigate **${secs(view.ttmSeconds)}**, to resolve **${secs(view.ttrSeconds)}**.`, "");

  push("## Timeline (UTC)", "");
  if (view.timeline.length === 0) push("Nothing recorded in the window.");
  for (const e of view.timeline) {
    const who = e.actor === "hotseat" ? "" : ` — ${e.actor}`;
    push(`- **${formatClock(e.at)}** ${cell(e.title)}${who}${e.detail ? `: ${cell(e.detail)}` : ""}`);
  }
  const days = new Set(view.timeline.map((e) => e.at.slice(0, 10)));
  if (days.size > 0) push("", `_Dates: ${[...days].join(", ")}._`);
  push("");

  push(`## Replication lag over the window (cutoff ${lagCutoffSeconds} s)`, "");
  if (lag.length === 0) push("No servers.");
  else {
    push(`| server | min (known) | max (known) | peak at (UTC) | time past cutoff | coverage |`, `|---|---|---|---|---|---|`);
    for (const l of lag) {
      push(`| ${l.serverId} | ${lagSecondsWords(l.minSeconds)} | ${lagSecondsWords(l.maxSeconds)} | ${l.peakAt ? formatClock(l.peakAt) : "—"} | ${pastCutoffWords(l)} | ${cell(lagCoverageWords(l))} |`);
    }
  }
  push("");

  push("## Actions", "");
  const actions = view.timeline.filter((e) => e.kind === "action");
  if (actions.length === 0) push("No actions recorded in the window.");
  else {
    push(`| time (UTC) | who | action | result |`, `|---|---|---|---|`);
    for (const a of actions) push(`| ${utc(a.at)} | ${cell(a.actor)} | ${cell(a.title)} | ${cell(a.tag)} |`);
  }
  push("");

  push("## Follow-ups", "");
  const open = view.followups.filter((f) => !f.done);
  const done = view.followups.filter((f) => f.done);
  if (view.followups.length === 0) push("None recorded yet.");
  for (const f of open) push(`- [ ] ${cell(f.text)}${f.owner ? ` (owner: ${cell(f.owner)})` : ""}`);
  for (const f of done) push(`- [x] ${cell(f.text)}${f.owner ? ` (owner: ${cell(f.owner)})` : ""}`);
  push("");
  return lines.join("\n");
}
