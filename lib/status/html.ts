import { formatUtc } from "@/lib/time";
import { STATE_COLOURS } from "./badge";
import type { ComponentHistory, ComponentStatus, Incident, IncidentImpact, ScheduledMaintenance, StatusModel } from "./types";
import { COMPONENT_WORDS, UPDATE_WORDS } from "./words";

/**
 * The public status page as one self-contained HTML document: inline CSS, no script, a few KB.
 * Rendered once per cache refresh, so a request only copies a string; a phone on a bad network
 * needs one round trip. Every dynamic value goes through `esc`.
 */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function esc(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const IMPACT_WORDS: Record<IncidentImpact, string> = { none: "", minor: "Minor impact", major: "Major impact", critical: "Critical impact" };

const PHONE_DAYS = 30;

const CSS = `
*{box-sizing:border-box}html{-webkit-text-size-adjust:100%}
body{margin:0;background:#0b1120;color:#e2e8f0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:760px;margin:0 auto;padding:20px 14px 32px}
header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:4px 12px}
h1{font-size:20px;margin:0;color:#f8fafc}h2{font-size:12px;letter-spacing:.06em;text-transform:uppercase;color:#94a3b8;margin:22px 0 8px}
h3{font-size:15px;margin:0;color:#f1f5f9;overflow-wrap:anywhere}.muted{color:#94a3b8;font-size:12px}
.overall{margin-top:14px;border:1px solid;border-radius:8px;padding:16px;font-size:19px;font-weight:650;color:#fff}
.card{border:1px solid #1e293b;background:#0f172a;border-radius:8px;padding:12px;margin-top:8px}
.card.open{border-color:#ea580c;background:#1c1208}.card.mnt{border-color:#2563eb;background:#0b1530}
.card ol{list-style:none;margin:8px 0 0;padding:0}.card li{margin-top:8px}.card p{margin:0;white-space:pre-line;overflow-wrap:anywhere}
.comps{list-style:none;margin:14px 0 0;padding:0;border:1px solid #1e293b;border-radius:8px;background:#0f172a}
.comps>li{padding:12px;border-top:1px solid #1e293b}.comps>li:first-child{border-top:0}
.row{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:2px 12px}
.st{font-size:14px;font-weight:650}
.bars{display:flex;gap:1px;height:30px;margin-top:8px}.bars span{flex:1;min-width:0;border-radius:2px;background:#334155}
.legend{display:flex;justify-content:space-between;margin-top:3px}
.wide{display:none}.bars span:nth-last-child(n+${PHONE_DAYS + 1}){display:none}
@media (min-width:640px){.bars span:nth-last-child(n+${PHONE_DAYS + 1}){display:block}.wide{display:inline}.narrow{display:none}}
footer{margin-top:26px;padding-top:10px;border-top:1px solid #1e293b;display:flex;flex-wrap:wrap;gap:4px 16px}
a{color:#93c5fd}
${(Object.keys(STATE_COLOURS) as ComponentStatus[]).map((s) => `.s-${s},.bars span.s-${s}{border-color:${STATE_COLOURS[s]};background:${STATE_COLOURS[s]}}.t-${s}{color:${lighter(s)}}`).join("\n")}
`.trim();

/** Text colours readable on the dark background. */
function lighter(s: ComponentStatus): string {
  return { operational: "#4ade80", degraded_performance: "#fde047", partial_outage: "#fb923c", major_outage: "#f87171", under_maintenance: "#7dd3fc" }[s];
}

function percent(value: number | null): string {
  return value == null ? "no data" : `${value >= 99.995 ? "100" : value.toFixed(2)} %`;
}

/** "100 % uptime over 1 day": the days the figure stands on, not the bars' span. */
export function uptimeWords(history: Pick<ComponentHistory, "uptimePercent" | "daysWithData">): string {
  if (history.uptimePercent == null || history.daysWithData === 0) return "no uptime data yet";
  return `${percent(history.uptimePercent)} uptime over ${history.daysWithData} ${history.daysWithData === 1 ? "day" : "days"}`;
}

function bars(history: ComponentHistory, name: string): string {
  const n = history.days.length;
  // Phones hide all but the last PHONE_DAYS bars in CSS; days without data carry no title.
  const cells = history.days
    .map((d) => {
      if (!d.worst) return "<span></span>";
      const title = `${d.day}: ${percent(d.uptimePercent)}${d.maintenanceSeconds > 0 ? ", maintenance" : ""}`;
      return `<span class="s-${d.worst}" title="${esc(title)}"></span>`;
    })
    .join("");
  return (
    `<div class="bars" role="img" aria-label="${esc(`${name}: ${uptimeWords(history)}`)}">${cells}</div>` +
    `<div class="legend muted"><span><span class="narrow">${PHONE_DAYS} days ago</span><span class="wide">${n} days ago</span></span>` +
    `<span data-testid="uptime-percent">${esc(uptimeWords(history))}</span><span>Today</span></div>`
  );
}

function incidentCard(incident: Incident | ScheduledMaintenance, tone: "open" | "mnt" | "past"): string {
  const isMaintenance = "scheduled_for" in incident;
  const testId = isMaintenance ? "maintenance" : tone === "past" ? "past-incident" : "open-incident";
  const anchor = isMaintenance ? `maintenance-${incident.id}` : `incident-${incident.id}`;
  const meta = isMaintenance
    ? `${formatUtc(incident.scheduled_for)}${incident.scheduled_until ? ` – ${formatUtc(incident.scheduled_until)}` : ""}`
    : IMPACT_WORDS[incident.impact];
  const updates = incident.incident_updates
    .map((u) => {
      const affected = !isMaintenance && u.affected_components.length ? ` · ${u.affected_components.map((c) => c.name).join(", ")}` : "";
      return `<li><p><strong>${esc(UPDATE_WORDS[u.status])}</strong> <span data-testid="incident-update-body">${esc(u.body)}</span></p><p class="muted">${esc(formatUtc(u.display_at) + affected)}</p></li>`;
    })
    .join("");
  return `<article id="${esc(anchor)}" class="card ${tone === "past" ? "" : tone}" data-testid="${testId}"><div class="row"><h3>${esc(incident.name)}</h3><span class="muted">${esc(meta)}</span></div><ol>${updates}</ol></article>`;
}

/** The whole document. `refreshSeconds`: how often an open page reloads itself (meeting-room screens). */
export function renderStatusHtml(model: StatusModel, refreshSeconds = 30): string {
  const { summary } = model;
  const historyOf = new Map(model.history.map((h) => [h.id, h]));
  const title = `${model.headline} · ${summary.page.name}`;
  const components = summary.components
    .map((c) => {
      const h = historyOf.get(c.id);
      return (
        `<li data-testid="status-component" data-component="${esc(c.id)}" data-status="${esc(c.status)}">` +
        `<div class="row"><h3>${esc(c.name)}</h3><span class="st t-${c.status}" data-testid="component-status">${esc(COMPONENT_WORDS[c.status])}</span></div>` +
        (c.description && c.status !== "operational" ? `<p class="muted" style="margin:2px 0 0">${esc(c.description)}</p>` : "") +
        (h ? bars(h, c.name) : "") +
        `</li>`
      );
    })
    .join("");
  const open = summary.incidents.map((i) => incidentCard(i, "open")).join("");
  const maintenance = summary.scheduled_maintenances.length
    ? `<h2>Maintenance</h2>${summary.scheduled_maintenances.map((m) => incidentCard(m, "mnt")).join("")}`
    : "";
  const past = model.pastIncidents.length
    ? model.pastIncidents.map((i) => incidentCard(i, "past")).join("")
    : `<p class="muted">No incidents reported.</p>`;

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="${refreshSeconds}">
<title>${esc(title)}</title><meta name="description" content="${esc(`${summary.page.name}: ${model.headline}`)}">
<meta name="theme-color" content="${STATE_COLOURS[model.overall]}">
<link rel="icon" href="/api/status/favicon.svg?state=${esc(model.overall)}" type="image/svg+xml">
<style>${CSS}</style></head>
<body><main>
<header><h1>${esc(summary.page.name)}</h1><span class="muted">Updated ${esc(formatUtc(model.generatedAt))}</span></header>
<section class="overall s-${model.overall}" data-testid="status-overall" data-state="${esc(model.overall)}" data-indicator="${esc(summary.status.indicator)}">${esc(model.headline)}</section>
${open}${maintenance}
<ul class="comps" aria-label="Components">${components}</ul>
<h2>Past incidents</h2>${past}
<footer class="muted"><a href="/api/status/summary.json">summary.json</a><a href="/api/status/status.json">status.json</a><a href="/api/status/badge.svg">Badge</a><a href="/status/about">About this page</a><span>Times in UTC</span></footer>
</main></body></html>`;
}
