import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { describe, expect, it } from "vitest";
import { config } from "@/proxy";

const goesThrough = (url: string) => unstable_doesMiddlewareMatch({ config, url });

describe("which requests the proxy (redirects + security headers) sees", () => {
  it("every API route, whatever its name ends with", () => {
    for (const url of ["/api", "/api/status", "/api/status/badge.svg", "/api/status/favicon.svg", "/api/servers/db1/processes/7/kill", "/api/x.png"]) {
      expect(goesThrough(url), url).toBe(true);
    }
  });
  it("pages, but not build assets and public files", () => {
    for (const url of ["/", "/login", "/servers/db1", "/status"]) expect(goesThrough(url), url).toBe(true);
    for (const url of ["/_next/static/chunks/app.js", "/_next/image", "/favicon.svg", "/logo.svg", "/screenshot.png"]) {
      expect(goesThrough(url), url).toBe(false);
    }
  });
});
