import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { getCollector } from "@/lib/collector";
import { discoverRoutes, handlerOf, paramsFor, type Route } from "./api-routes";
import { requestAs, useLabConfig, type Credential } from "./auth-helpers";
import { waitFor } from "./lab";

/**
 * Every route handler under app/api answers 401 without credentials, 403 with too low a role, and
 * serves the right roles, with an API token and with a session cookie alike. The routes are found on
 * disk, so a new route without a row in EXPECTED fails this test until someone decides who may call it.
 */

type Access = Role | "public";
interface Expectation {
  access: Access;
  /** a concrete request for the route; state-changing samples are chosen so they change nothing */
  url: string;
  body?: unknown;
  /** statuses that mean "you were let in" */
  ok: number[];
}

// method + route pattern (as on disk) -> who may call it. Rows for routes not written yet are skipped.
const EXPECTED: Record<string, Expectation> = {
  "GET /api/health": { access: "public", url: "/api/health", ok: [200] },
  // public only with `metrics.public: true` (not in the lab's config)
  "GET /api/metrics": { access: "viewer", url: "/api/metrics", ok: [200] },
  "GET /api/topology": { access: "viewer", url: "/api/topology", ok: [200] },
  "GET /api/topology/writer": { access: "viewer", url: "/api/topology/writer", ok: [200] },
  "GET /api/history": { access: "viewer", url: "/api/history?seconds=60", ok: [200] },
  "GET /api/servers/[id]/history": { access: "viewer", url: "/api/servers/db1/history?seconds=60", ok: [200] },
  "GET /api/servers/[id]/writers": { access: "viewer", url: "/api/servers/db1/writers", ok: [200] },
  "GET /api/causes": { access: "viewer", url: "/api/causes", ok: [200] },
  "GET /api/status/status.json": { access: "public", url: "/api/status/status.json", ok: [200] },
  "GET /api/status/badge.svg": { access: "public", url: "/api/status/badge.svg", ok: [200] },
  "GET /api/status/favicon.svg": { access: "public", url: "/api/status/favicon.svg", ok: [200] },
  "GET /api/status/components": { access: "viewer", url: "/api/status/components", ok: [200] },
  "PUT /api/status/components/[id]/override": { access: "operator", url: "/api/status/components/website/override", body: { status: "nope" }, ok: [400] },
  "DELETE /api/status/components/[id]/override": { access: "operator", url: "/api/status/components/nope/override", ok: [400] },
  "GET /api/incidents": { access: "viewer", url: "/api/incidents", ok: [200] },
  "POST /api/incidents": { access: "operator", url: "/api/incidents", body: { name: "" }, ok: [400] },
  "POST /api/incidents/[id]/updates": { access: "operator", url: "/api/incidents/2147483000/updates", body: { status: "resolved", body: "x" }, ok: [404] },
  "GET /api/processlist": { access: "viewer", url: "/api/processlist?server=db1", ok: [200] },
  // pid 2147483000 does not exist: let in, then 404, and nothing is killed
  "POST /api/servers/[id]/processes/[pid]/kill": { access: "operator", url: "/api/servers/db1/processes/2147483000/kill", body: { mode: "query" }, ok: [404] },
  "GET /api/maintenance": { access: "public", url: "/api/maintenance", ok: [200] },
  // an invalid body: let in, then 400, and maintenance does not change
  "PUT /api/maintenance": { access: "operator", url: "/api/maintenance", body: { enabled: "not-a-boolean" }, ok: [400] },
  "GET /api/maintenance/windows": { access: "viewer", url: "/api/maintenance/windows", ok: [200] },
  // an invalid body / an unknown window: let in, then 400 / 404, and no window changes
  "POST /api/maintenance/windows": { access: "operator", url: "/api/maintenance/windows", body: { startsAt: "not-a-time" }, ok: [400] },
  "DELETE /api/maintenance/windows/[id]": { access: "operator", url: "/api/maintenance/windows/2147483000", ok: [404] },
  "POST /api/failover/plan": { access: "operator", url: "/api/failover/plan", body: { candidate: "db2" }, ok: [200] },
  "POST /api/failover": { access: "operator", url: "/api/failover", body: { candidate: 42 }, ok: [400] },
  "GET /api/failover": { access: "viewer", url: "/api/failover", ok: [200] },
  "GET /api/status/summary.json": { access: "public", url: "/api/status/summary.json", ok: [200] },
  "GET /api/audit": { access: "operator", url: "/api/audit?limit=5", ok: [200] },
  "GET /api/app-servers": { access: "viewer", url: "/api/app-servers", ok: [200] },
  "GET /api/app-servers/[id]/history": { access: "viewer", url: "/api/app-servers/app1/history?seconds=60", ok: [200] },
  // an invalid service: let in, then 400, and nothing restarts
  "POST /api/app-servers/[id]/restart": { access: "operator", url: "/api/app-servers/app1/restart", body: { service: "mysqld" }, ok: [400] },
  "GET /api/timeline": { access: "viewer", url: "/api/timeline", ok: [200] },
  "GET /api/incidents/[id]/view": { access: "viewer", url: "/api/incidents/2147483000/view", ok: [404] },
  "GET /api/incidents/[id]/report.md": { access: "viewer", url: "/api/incidents/2147483000/report.md", ok: [404] },
  "GET /api/incidents/[id]/followups": { access: "viewer", url: "/api/incidents/2147483000/followups", ok: [404] },
  "POST /api/incidents/[id]/followups": { access: "operator", url: "/api/incidents/2147483000/followups", body: { text: "" }, ok: [400] },
  "PATCH /api/incidents/[id]/followups/[fid]": { access: "operator", url: "/api/incidents/2147483000/followups/2147483000", body: { done: true }, ok: [404] },
  "GET /api/alerts": { access: "viewer", url: "/api/alerts", ok: [200] },
  "GET /api/alerts/deliveries": { access: "operator", url: "/api/alerts/deliveries?limit=5", ok: [200] },
  // an invalid body: let in, then 400, and nothing is sent
  "POST /api/alerts/test": { access: "operator", url: "/api/alerts/test", body: { nope: 1 }, ok: [400] },
  "GET /api/runbooks": { access: "viewer", url: "/api/runbooks", ok: [200] },
  "GET /api/runbooks/[slug]": { access: "viewer", url: "/api/runbooks/replica-lag", ok: [200] },
  "PUT /api/runbooks/[slug]": { access: "admin", url: "/api/runbooks/replica-lag", body: { title: "" }, ok: [400] },
  "DELETE /api/runbooks/[slug]": { access: "admin", url: "/api/runbooks/no-such-runbook", ok: [404] },
};

const RANK: Record<Access, number> = { public: 0, viewer: 1, operator: 2, admin: 3 };
const ROLES: Role[] = ["viewer", "operator", "admin"];

async function call(route: Route, credential: Credential, expectation: Expectation, origin?: string | null) {
  const req = await requestAs(credential, expectation.url, { method: route.method, body: expectation.body, origin });
  const res = await (await handlerOf(route))(req, { params: Promise.resolve(paramsFor(route.pattern, expectation.url) as Record<string, string>) });
  const full = await res.text();
  return { status: res.status, text: full.slice(0, 400), json: full.startsWith("{") ? JSON.parse(full) : null };
}

describe("every API route checks credentials and roles", () => {
  let routes: Route[] = [];

  beforeAll(async () => {
    useLabConfig();
    routes = await discoverRoutes();
    const collector = getCollector();
    await waitFor(() => collector.topology().writer && collector.topology().servers.every((s) => s.reachable), 20_000, "the lab to be polled");
  });

  afterAll(() => getCollector().stop());

  it("finds the route files and has a row for every method they export", () => {
    expect(routes.length).toBeGreaterThanOrEqual(4);
    const missing = routes.filter((r) => !EXPECTED[r.key]).map((r) => r.key);
    expect(missing, "add these routes to EXPECTED with the role they need").toEqual([]);
  });

  it("answers 401 without credentials or with a bad token, except on public routes", async () => {
    for (const route of routes) {
      const e = EXPECTED[route.key];
      if (!e) continue;
      const anonymous = await call(route, { kind: "anonymous" }, e);
      if (e.access === "public") {
        expect(e.ok, `${route.key} anonymous: ${anonymous.text}`).toContain(anonymous.status);
        continue;
      }
      expect(anonymous.status, `${route.key} anonymous`).toBe(401);
      expect(anonymous.json.error.code).toBe("unauthorized");

      const forged = await requestAs({ kind: "anonymous" }, e.url, { method: route.method, body: e.body, headers: { authorization: "Bearer hs_not-a-real-token" } });
      const res = await (await handlerOf(route))(forged, { params: Promise.resolve(paramsFor(route.pattern, e.url) as Record<string, string>) });
      expect(res.status, `${route.key} bad token`).toBe(401);
    }
  });

  for (const kind of ["token", "session"] as const) {
    it(`with ${kind === "token" ? "an API token" : "a session cookie"}: 403 below the route's role, let in at or above it`, async () => {
      for (const route of routes) {
        const e = EXPECTED[route.key];
        if (!e) continue;
        for (const role of ROLES) {
          const r = await call(route, { kind, role }, e);
          if (RANK[role] < RANK[e.access]) {
            expect(r.status, `${route.key} as ${kind} ${role}: ${r.text}`).toBe(403);
            expect(r.json.error).toMatchObject({ code: "forbidden" });
          } else {
            expect(e.ok, `${route.key} as ${kind} ${role}: ${r.status} ${r.text}`).toContain(r.status);
          }
        }
      }
    });
  }

  it("refuses a state-changing request from another origin on a cookie session (CSRF), but not from a token", async () => {
    const changing = routes.filter((r) => r.method !== "GET" && EXPECTED[r.key]);
    for (const route of changing) {
      const e = EXPECTED[route.key];
      const crossSite = await call(route, { kind: "session", role: "admin" }, e, "http://evil.example");
      expect(crossSite.status, `${route.key} cross-site`).toBe(403);
      expect(crossSite.json.error.message).toMatch(/cross-site/i);
      const noOrigin = await call(route, { kind: "session", role: "admin" }, e, null);
      expect(noOrigin.status, `${route.key} without Origin`).toBe(403);
      const token = await call(route, { kind: "token", role: "admin" }, e);
      expect(e.ok).toContain(token.status);
    }
  });
});
