import type mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertEpisode, resolveEpisode } from "@/lib/alerts/episodes";
import { getCollector } from "@/lib/collector";
import { reconcileMaintenance, stopMaintenanceScheduler } from "@/lib/maintenance";
import { loadIncidentView } from "@/lib/incidents";
import { POST as incidentsPOST } from "@/app/api/incidents/route";
import { POST as updatesPOST } from "@/app/api/incidents/[id]/updates/route";
import { POST as followupsPOST } from "@/app/api/incidents/[id]/followups/route";
import { GET as reportGET } from "@/app/api/incidents/[id]/report.md/route";
import { GET as timelineGET } from "@/app/api/timeline/route";
import { PUT as maintenancePUT } from "@/app/api/maintenance/route";
import { requestAs, type Credential } from "./auth-helpers";
import { waitFor } from "./lab";
import { appOn, kill, startConsole, stopConsole, waitForProcess } from "./processlist-helpers";

/**
 * A scripted incident through the real route handlers and actions (alert, incident opened,
 * maintenance on, a rogue query killed, updates, maintenance off, resolved): the incident view's
 * timeline and the battle report hold every step, in order.
 */
const MARK = `it-timeline-${Date.now()}`;
const OPERATOR: Credential = { kind: "token", role: "operator" };
const VIEWER: Credential = { kind: "token", role: "viewer" };
const pause = () => new Promise((r) => setTimeout(r, 30));

async function call(handler: (req: never, ctx: never) => Promise<Response>, as: Credential, url: string, method: string, body?: unknown, params: Record<string, string> = {}) {
  const req = await requestAs(as, url, { method, body });
  const res = await handler(req as never, { params: Promise.resolve(params) } as never);
  return res;
}

describe("the timeline and battle report of a scripted incident", () => {
  let incidentId = 0;
  let rogue: mysql.Connection | null = null;
  let episodeId = 0;

  beforeAll(async () => {
    await startConsole();
  });

  afterAll(async () => {
    stopMaintenanceScheduler();
    await call(maintenancePUT, OPERATOR, "/api/maintenance", "PUT", { enabled: false });
    await reconcileMaintenance();
    await rogue?.end().catch(() => undefined);
    stopConsole();
  });

  it("records every step", async () => {
    // 1. the first signal: an alert episode as the engine records it
    const signal = new Date(Date.now() - 3_000);
    episodeId = insertEpisode({ rule: "replication_stopped", serverId: "db4", severity: "warning", message: `${MARK} Replication on db4 is stopped (SQL thread).`, pendingSince: signal, firedAt: new Date(signal.getTime() + 2_000) }).id;
    await pause();

    // 2. on-call opens an incident
    const opened = await call(incidentsPOST, OPERATOR, "/api/incidents", "POST", { name: `${MARK} Site down`, impact: "major", status: "investigating", body: "Logs full of MySQL errors", components: ["website"] });
    expect(opened.status).toBe(201);
    incidentId = ((await opened.json()) as { incident: { id: number } }).incident.id;
    await pause();

    // 3. maintenance on
    expect((await call(maintenancePUT, OPERATOR, "/api/maintenance", "PUT", { enabled: true, message: `${MARK} back soon` })).status).toBe(200);
    await pause();

    // 4. a rogue query, found by the collector and killed through the real action
    rogue = await appOn("db1");
    void rogue.query(`SELECT SLEEP(120) /* ${MARK} */`).catch(() => undefined);
    const p = await waitForProcess("?server=db1", (x) => (x.info ?? "").includes(MARK), "the rogue query in the processlist");
    const killed = await kill("db1", p.id, { mode: "query", info: p.info });
    expect(killed.status).toBe(200);
    await pause();

    // 5. an update, maintenance off, the alert resolves, resolved
    expect((await call(updatesPOST, OPERATOR, `/api/incidents/${incidentId}/updates`, "POST", { status: "identified", body: "A forgotten migration query; killed" }, { id: String(incidentId) })).status).toBe(201);
    await pause();
    expect((await call(maintenancePUT, OPERATOR, "/api/maintenance", "PUT", { enabled: false })).status).toBe(200);
    await pause();
    resolveEpisode(episodeId, new Date(), null);
    await pause();
    expect((await call(updatesPOST, OPERATOR, `/api/incidents/${incidentId}/updates`, "POST", { status: "resolved", body: "Site is back" }, { id: String(incidentId) })).status).toBe(201);
    expect((await call(followupsPOST, OPERATOR, `/api/incidents/${incidentId}/followups`, "POST", { text: `${MARK} migrations never as root`, owner: "cto" }, { id: String(incidentId) })).status).toBe(201);
  });

  it("the incident view holds every step in order, with its clocks", async () => {
    const view = (await loadIncidentView(incidentId))!;
    const mine = view.timeline.filter((e) => (e.kind === "alert.firing" || e.kind === "alert.resolved" ? e.id.startsWith(`alert-${episodeId}-`) : true));
    const codes = mine.map((e) => `${e.kind}:${e.code}`);
    const order = [
      "alert.firing:replication_stopped",
      "incident.opened:incident.open",
      "action:maintenance.set",
      "action:kill",
      "incident.update:incident.update",
      "action:maintenance.set",
      "alert.resolved:replication_stopped",
      "incident.update:incident.update",
    ];
    let from = 0;
    for (const step of order) {
      const at = codes.indexOf(step, from);
      expect(at, `${step} after position ${from} in ${codes.join(", ")}`).toBeGreaterThanOrEqual(from);
      from = at + 1;
    }
    expect(view.detectedBy).toBe("alert");
    expect(view.ttdSeconds).toBe(2);
    expect(view.ttmSeconds).not.toBeNull();
    expect(view.ttrSeconds).toBeGreaterThanOrEqual(view.ttmSeconds!);
    expect(view.followups.map((f) => f.text)).toEqual([`${MARK} migrations never as root`]);
  });

  it("the Markdown battle report holds every step in order, in UTC, for a viewer", async () => {
    const res = await call(reportGET, VIEWER, `/api/incidents/${incidentId}/report.md`, "GET", undefined, { id: String(incidentId) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/markdown/);
    expect(res.headers.get("content-disposition")).toContain(`incident-${incidentId}-report.md`);
    const md = await res.text();
    const lines = md.split("\n");
    const find = (re: RegExp, from: number) => lines.findIndex((l, i) => i >= from && re.test(l));
    const steps = [
      /^# Incident report: .*Site down/,
      /^## Summary/,
      /^## Impact window/,
      /^## Timeline \(UTC\)/,
      /^- \*\*\d\d:\d\d:\d\d\*\* Alert fired: Replication stopped on db4/,
      /^- \*\*\d\d:\d\d:\d\d\*\* Incident opened: .*Site down — token:lab-operator: Logs full of MySQL errors/,
      /^- \*\*\d\d:\d\d:\d\d\*\* Maintenance on — token:lab-operator/,
      /^- \*\*\d\d:\d\d:\d\d\*\* Killed query \d+ on db1 — /,
      /^- \*\*\d\d:\d\d:\d\d\*\* Incident identified: .*A forgotten migration query; killed/,
      /^- \*\*\d\d:\d\d:\d\d\*\* Maintenance off — /,
      /^- \*\*\d\d:\d\d:\d\d\*\* Alert resolved: Replication stopped on db4: cleared after /,
      /^- \*\*\d\d:\d\d:\d\d\*\* Incident resolved: .*Site is back/,
      /^## Replication lag over the window/,
      /^\| db4 \| /,
      /^## Actions/,
      /^\| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \| .* \| Maintenance on \| ok \|/,
      /^\| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \| .* \| Killed query \d+ on db1 \| ok \|/,
      /^## Follow-ups/,
      new RegExp(`^- \\[ \\] ${MARK} migrations never as root \\(owner: cto\\)`),
    ];
    let from = 0;
    for (const re of steps) {
      const at = find(re, from);
      expect(at, `${re} after line ${from}:\n${md}`).toBeGreaterThanOrEqual(0);
      from = at + 1;
    }
    expect(md).toMatch(/Time to detect \*\*2s\*\*/);
  });

  it("GET /api/timeline serves the same stream to a viewer", async () => {
    const since = new Date(Date.now() - 10 * 60_000).toISOString();
    const res = await call(timelineGET, VIEWER, `/api/timeline?since=${encodeURIComponent(since)}`, "GET");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { entries: { id: string; code: string }[] };
    expect(body.entries.some((e) => e.id === `alert-${episodeId}-firing`)).toBe(true);
    expect(body.entries.some((e) => e.code === "kill")).toBe(true);
    await waitFor(() => getCollector().running, 1000, "collector");
  });
});
