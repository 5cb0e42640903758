import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { NextRequest } from "next/server";
import { resetStatusCache } from "@/lib/status";
import { COMPONENT_KEYS, COMPONENT_STATUSES, INCIDENT_STATUSES } from "@/lib/status/types";
import { requestAs, useLabConfig } from "./auth-helpers";

/**
 * The public JSON is Atlassian Statuspage's v2 shape, built from the test lab's live state, and an
 * incident opened through the operator API shows up in it with its updates, then leaves it resolved.
 */

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const noParams = { params: Promise.resolve({}) };

const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)) && s.endsWith("Z"), "ISO 8601 UTC");
const page = z.object({ id: z.string(), name: z.string(), url: z.string(), time_zone: z.string(), updated_at: iso }).strict();
const status = z.object({ indicator: z.enum(["none", "minor", "major", "critical"]), description: z.string().min(1) }).strict();
const componentRef = z.object({ id: z.enum(COMPONENT_KEYS), name: z.string(), status: z.enum(COMPONENT_STATUSES) }).strict();
const update = z
  .object({
    id: z.string(),
    status: z.string(),
    body: z.string(),
    incident_id: z.string(),
    created_at: iso,
    updated_at: iso,
    display_at: iso,
    affected_components: z.array(z.object({ code: z.enum(COMPONENT_KEYS), name: z.string() }).strict()),
  })
  .strict();
const incidentBase = {
  id: z.string(),
  name: z.string(),
  created_at: iso,
  updated_at: iso,
  monitoring_at: iso.nullable(),
  resolved_at: iso.nullable(),
  shortlink: z.string(),
  started_at: iso,
  page_id: z.string(),
  incident_updates: z.array(update).min(1),
  components: z.array(componentRef),
};
const summarySchema = z
  .object({
    page,
    status,
    components: z
      .array(
        z
          .object({
            id: z.enum(COMPONENT_KEYS),
            name: z.string().min(1),
            status: z.enum(COMPONENT_STATUSES),
            created_at: iso,
            updated_at: iso,
            position: z.number().int(),
            description: z.string().nullable(),
            showcase: z.boolean(),
            start_date: z.string().nullable(),
            group_id: z.null(),
            page_id: z.string(),
            group: z.literal(false),
            only_show_if_degraded: z.literal(false),
          })
          .strict(),
      )
      .length(4),
    incidents: z.array(z.object({ ...incidentBase, status: z.enum(INCIDENT_STATUSES), impact: z.enum(["none", "minor", "major", "critical"]) }).strict()),
    scheduled_maintenances: z.array(
      z
        .object({
          ...incidentBase,
          status: z.enum(["scheduled", "in_progress", "verifying", "completed"]),
          impact: z.literal("maintenance"),
          monitoring_at: z.null(),
          scheduled_for: iso,
          scheduled_until: iso.nullable(),
        })
        .strict(),
    ),
  })
  .strict();

const ROUTES: Record<string, () => Promise<unknown>> = {
  "status/summary.json": () => import("@/app/api/status/summary.json/route"),
  "status/status.json": () => import("@/app/api/status/status.json/route"),
  "status/badge.svg": () => import("@/app/api/status/badge.svg/route"),
  "status/favicon.svg": () => import("@/app/api/status/favicon.svg/route"),
  incidents: () => import("@/app/api/incidents/route"),
  "incidents/[id]/updates": () => import("@/app/api/incidents/[id]/updates/route"),
};

async function route(path: string): Promise<Record<string, Handler>> {
  return (await ROUTES[path]()) as Record<string, Handler>;
}

async function summary(): Promise<z.infer<typeof summarySchema>> {
  const { GET } = await route("status/summary.json");
  const res = await GET(new NextRequest("http://127.0.0.1:3000/api/status/summary.json"), noParams);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  return summarySchema.parse(await res.json());
}

beforeAll(() => {
  useLabConfig();
  resetStatusCache();
});
afterAll(() => resetStatusCache());

describe("status JSON", () => {
  it("serves summary.json in Statuspage's v2 shape, with the four configured components, without signing in", async () => {
    const body = await summary();
    expect(body.components.map((c) => c.name)).toEqual(["Website", "Database writes", "Database reads", "Background jobs"]);
    expect(body.page.url).toBe("/status");
  });

  it("serves status.json as the page and its indicator only", async () => {
    const { GET } = await route("status/status.json");
    const res = await GET(new NextRequest("http://127.0.0.1:3000/api/status/status.json"), noParams);
    const body = z.object({ page, status }).strict().parse(await res.json());
    expect(body.status.description).toMatch(/^(All systems operational|Degraded performance|Partial outage|Major outage|Under maintenance)$/);
  });

  it("serves an SVG badge and favicon", async () => {
    for (const path of ["status/badge.svg", "status/favicon.svg"]) {
      const { GET } = await route(path);
      const res = await GET(new NextRequest(`http://127.0.0.1:3000/api/${path}`), noParams);
      expect(res.headers.get("content-type")).toContain("image/svg+xml");
      expect(await res.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    }
  });

  it("shows an incident opened by an operator with its updates, and moves it out when resolved", async () => {
    const name = `Checkout errors ${Date.now()}`;
    const incidents = await route("incidents");
    const opened = await incidents.POST(
      await requestAs({ kind: "token", role: "operator" }, "/api/incidents", {
        method: "POST",
        body: { name, impact: "major", body: "We are investigating failed checkouts.", components: ["website", "database-writes"] },
      }),
      noParams,
    );
    expect(opened.status).toBe(201);
    const id = String(((await opened.json()) as { incident: { id: number } }).incident.id);

    const updates = await route("incidents/[id]/updates");
    const post = async (body: unknown) =>
      updates.POST(await requestAs({ kind: "token", role: "operator" }, `/api/incidents/${id}/updates`, { method: "POST", body }), {
        params: Promise.resolve({ id }),
      });
    expect((await post({ status: "identified", body: "A deploy broke payments; rolling back." })).status).toBe(201);

    const during = await summary();
    const shown = during.incidents.find((i) => i.id === id);
    expect(shown).toBeDefined();
    expect(shown!.status).toBe("identified");
    expect(shown!.impact).toBe("major");
    expect(shown!.incident_updates.map((u) => u.body)).toEqual(["A deploy broke payments; rolling back.", "We are investigating failed checkouts."]);
    expect(shown!.components.map((c) => c.id)).toEqual(["website", "database-writes"]);
    expect(["major", "critical"]).toContain(during.status.indicator);

    // a viewer may read but not post
    const refused = await updates.POST(
      await requestAs({ kind: "token", role: "viewer" }, `/api/incidents/${id}/updates`, { method: "POST", body: { status: "resolved", body: "x" } }),
      { params: Promise.resolve({ id }) },
    );
    expect(refused.status).toBe(403);

    expect((await post({ status: "resolved", body: "Payments work again." })).status).toBe(201);
    const after = await summary();
    expect(after.incidents.find((i) => i.id === id)).toBeUndefined();
  });
});
