import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConfig } from "@/lib/config";
import { PUT } from "@/app/api/maintenance/route";
import { requestAs, useLabConfig } from "./auth-helpers";
import { waitFor } from "./lab";
import { docsFile, readme, startNginx, type Nginx } from "./nginx";

/**
 * The README's nginx snippet (docs/nginx-maintenance.conf, included as is) in front of the lab's demo
 * site, on loopback: while Hot Seat's flag file exists nginx answers 503 with Retry-After and the
 * operator's message; /healthz and the staff bypass cookie pass through; off, all back.
 */
const snippet = docsFile("nginx-maintenance.conf");
const none = { params: Promise.resolve({}) };
let nginx: Nginx | null = null;
let base = "";

async function put(body: unknown) {
  const res = await PUT(await requestAs({ kind: "token", role: "operator" }, "/api/maintenance", { method: "PUT", body }), none);
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json();
}

describe("nginx with the README's maintenance snippet", () => {
  beforeAll(async () => {
    useLabConfig();
    const { maintenance, site } = getConfig();
    const siteUrl = (site as { url?: string }).url;
    expect(maintenance.flagFile && siteUrl, "the lab config has a flag file and a site url").toBeTruthy();
    await put({ enabled: false });

    nginx = await startNginx(
      ({ port }) => `
  server {
    listen 127.0.0.1:${port};
    set $hotseat_flag ${maintenance.flagFile};
    include ${snippet};
    location / {
      proxy_pass ${siteUrl!.replace(/\/+$/, "")};
    }
  }`,
      "/healthz",
    );
    base = nginx.base;
  });

  afterAll(async () => {
    await nginx?.stop();
    await put({ enabled: false });
  });

  it("passes traffic through while maintenance is off", async () => {
    // the shop itself may still be answering an earlier maintenance for up to one poll (2 s)
    await waitFor(async () => (await fetch(`${base}/`)).status === 200, 10_000, "the shop through nginx");
    expect(await (await fetch(`${base}/`)).text()).toContain("Coffee Gear Shop");
  });

  it("answers 503 with Retry-After and the operator's message while on; health checks and staff get through", async () => {
    await put({ enabled: true, message: "Upgrading MySQL: back at 10:30 <really>", until: new Date(Date.now() + 3600_000).toISOString() });

    for (const [method, url] of [["GET", "/"], ["GET", "/products?page=2"], ["POST", "/order"], ["HEAD", "/"]] as const) {
      const res = await fetch(`${base}${url}`, { method, redirect: "manual" });
      expect(res.status, `${method} ${url}`).toBe(503);
      expect(res.headers.get("retry-after")).toBe("300");
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(res.headers.get("cache-control")).toBe("no-store");
      if (method !== "HEAD") {
        const body = await res.text();
        expect(body).toContain('<p id="maintenance-message">Upgrading MySQL: back at 10:30 &lt;really&gt;</p>');
      }
    }

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });

    const staff = await fetch(`${base}/`, { headers: { cookie: "theme=dark; hotseat_bypass=1" } });
    expect(staff.status).toBe(200);
    expect(await staff.text()).toContain("Coffee Gear Shop");

    // the error page's own location is not reachable from outside
    expect((await fetch(`${base}/__hotseat_maintenance`, { headers: { cookie: "hotseat_bypass=1" } })).status).toBe(404);
  });

  it.skipIf(!readme().includes("hotseat-maintenance.conf"))("the README quotes the snippet exactly as tested here", () => {
    expect(readme()).toContain(fs.readFileSync(snippet, "utf8").trimEnd());
  });

  it("is back at once when maintenance is turned off", async () => {
    await put({ enabled: false });
    // nginx stops at once: whatever answers now is the application, not the snippet's page
    const res = await fetch(`${base}/`);
    expect(await res.text()).not.toContain("data-hotseat-maintenance");
    await waitFor(async () => (await fetch(`${base}/`)).status === 200, 10_000, "the shop back through nginx");
  });
});
