import { describe, expect, it } from "vitest";
import { buildStatusModel } from "./model";
import { renderStatusHtml } from "./html";
import { DEFAULT_NAMES } from "./settings";
import type { ComponentKey } from "./types";

const ok = { status: "operational" as const, reason: null };
const components: Record<ComponentKey, { status: "operational" | "major_outage"; reason: string | null }> = {
  website: { status: "major_outage", reason: "The website is not responding." },
  "database-writes": ok,
  "database-reads": ok,
  "background-jobs": ok,
};

function model(body: string) {
  const at = "2026-11-27T09:00:00.000Z";
  return buildStatusModel({
    settings: { title: "Shop status", names: DEFAULT_NAMES },
    components,
    changedAt: {},
    since: at,
    incidents: [
      {
        id: 7,
        name: "Checkout <down>",
        status: "investigating",
        impact: "critical",
        createdAt: at,
        updatedAt: at,
        monitoringAt: null,
        resolvedAt: null,
        createdBy: "oncall",
        updates: [{ id: 1, incidentId: 7, status: "investigating", body, components: ["website"], createdAt: at, createdBy: "oncall" }],
      },
    ],
    maintenance: { enabled: false, message: null, since: null, until: null, windows: [{ id: 3, startsAt: "2026-11-28T02:00:00.000Z", endsAt: "2026-11-28T03:00:00.000Z", message: "Upgrade", status: "upcoming" }] },
    history: [],
    now: Date.parse(at),
  });
}

describe("renderStatusHtml", () => {
  it("says the state in words, shows the open incident on top and the maintenance ahead, escaping operator text", () => {
    const html = renderStatusHtml(model(`<script>alert("x")</script> we're on it`));
    expect(html).toContain('data-state="major_outage"');
    expect(html).toContain(">Major outage</section>");
    expect(html).toContain("Checkout &lt;down&gt;");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; we&#39;re on it");
    expect(html).not.toContain("<script");
    expect(html.indexOf('data-testid="open-incident"')).toBeLessThan(html.indexOf('data-testid="status-component"'));
    expect(html).toContain('data-testid="maintenance"');
    expect(html).toContain("Scheduled");
    expect(html).toContain('href="/api/status/favicon.svg?state=major_outage"');
  });

  it("lists the incident and the upcoming window in the v2 JSON", () => {
    const { summary } = model("text");
    expect(summary.status).toEqual({ indicator: "critical", description: "Major outage" });
    expect(summary.incidents[0].incident_updates[0].affected_components).toEqual([{ code: "website", name: "Website" }]);
    expect(summary.scheduled_maintenances.map((m) => [m.status, m.scheduled_for])).toEqual([["scheduled", "2026-11-28T02:00:00.000Z"]]);
  });
});
