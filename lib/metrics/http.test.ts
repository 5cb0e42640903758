import fc from "fast-check";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { processMetrics, routePattern, withHttpMetrics } from "./http";

describe("the route label", () => {
  it("is the route pattern, rebuilt from the path and the params Next parsed", () => {
    expect(routePattern("/api/topology")).toBe("/api/topology");
    expect(routePattern("/api/servers/db1/history", { id: "db1" })).toBe("/api/servers/[id]/history");
    expect(routePattern("/api/servers/db1/processes/42/kill", { id: "db1", pid: "42" })).toBe("/api/servers/[id]/processes/[pid]/kill");
    expect(routePattern("/api/servers/a%20b/history", { id: "a b" })).toBe("/api/servers/[id]/history");
    expect(routePattern("/api/auth/callback/credentials", { nextauth: ["callback", "credentials"] })).toBe("/api/auth/[...nextauth]");
  });

  it("never holds what a caller typed, even when a value spells a static segment", () => {
    // The same value in both params, and a value equal to the route's own words.
    expect(routePattern("/api/servers/x/processes/x/kill", { id: "x", pid: "x" })).toBe("/api/servers/[id]/processes/[pid]/kill");
    const hostile = routePattern("/api/servers/processes/processes/kill/kill", { id: "processes", pid: "kill" });
    for (const segment of hostile.split("/").filter(Boolean)) expect(["api", "servers", "processes", "kill", "[id]", "[pid]"]).toContain(segment);
    expect(routePattern("/api/servers/db1/history", { id: "not-in-the-path" })).toBe("(unmatched)");
  });

  it("holds only the route's own words for any values a caller sends", () => {
    const words = ["api", "servers", "processes", "kill"];
    const value = fc.oneof(fc.constantFrom(...words, "[id]", "%2F", ".."), fc.string({ minLength: 1, maxLength: 12 }).filter((v) => !v.includes("/")));
    fc.assert(
      fc.property(value, value, (id, pid) => {
        const url = `/api/servers/${encodeURIComponent(id)}/processes/${encodeURIComponent(pid)}/kill`;
        const label = routePattern(url, { id, pid });
        const segments = label.split("/").filter(Boolean);
        expect(segments.every((s) => [...words, "[id]", "[pid]"].includes(s))).toBe(true);
        expect(segments).toHaveLength(6);
      }),
      { numRuns: 500 },
    );
  });
});

describe("withHttpMetrics", () => {
  it("counts each answer by route pattern, method and status, a throw as 500", async () => {
    const ok = withHttpMetrics(async () => new Response("", { status: 404 }));
    const boom = withHttpMetrics(async () => {
      throw new Error("boom");
    });
    const req = (url: string) => new NextRequest(new URL(url, "http://127.0.0.1"));
    const params = Promise.resolve({ id: "db-unknown-7" });
    await ok(req("/api/servers/db-unknown-7/history"), { params });
    await expect(boom(req("/api/servers/db-unknown-7/history"), { params })).rejects.toThrow("boom");
    const text = await processMetrics().registry.metrics();
    expect(text).toContain('hotseat_http_requests_total{route="/api/servers/[id]/history",method="GET",status="404"} 1');
    expect(text).toContain('hotseat_http_requests_total{route="/api/servers/[id]/history",method="GET",status="500"} 1');
    expect(text).toContain('hotseat_http_request_duration_seconds_count{route="/api/servers/[id]/history",method="GET"} 2');
    expect(text).not.toContain("db-unknown-7");
  });
});
