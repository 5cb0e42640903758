import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, labDir, labSecrets, test } from "./fixtures";

// The public status page as the boss sees it, without signing in: all operational; under
// maintenance after the on-call engineer turns maintenance on; an incident update's own words.
// The on-call engineer acts through the HTTP API with the lab's operator token.

const COMPONENTS = ["website", "database-writes", "database-reads", "background-jobs"];

function operator(): Record<string, string> {
  return { authorization: `Bearer ${labSecrets().tokens["lab-operator"]}` };
}

/** Leave the page as a visitor expects it: maintenance off, no override, no open incident. */
async function calm(request: APIRequestContext): Promise<void> {
  const headers = operator();
  const off = await request.put("/api/maintenance", { headers, data: { enabled: false } });
  expect(off.ok(), await off.text()).toBeTruthy();
  for (const id of COMPONENTS) await request.delete(`/api/status/components/${id}/override`, { headers });
  const list = await request.get("/api/incidents", { headers });
  expect(list.ok()).toBeTruthy();
  const { incidents } = (await list.json()) as { incidents: { id: number; status: string }[] };
  for (const i of incidents.filter((i) => i.status !== "resolved")) {
    await request.post(`/api/incidents/${i.id}/updates`, { headers, data: { status: "resolved", body: "Resolved." } });
  }
}

/** The page reloads itself every 30 s; a test reloads sooner until the cache (a few seconds) has caught up. */
async function expectHeadline(page: Page, text: string, timeout = 45_000): Promise<void> {
  await expect(async () => {
    await page.goto("/status");
    await expect(page.getByTestId("status-overall")).toHaveText(text, { timeout: 1000 });
  }).toPass({ timeout, intervals: [1000, 2000] });
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  // "Operational" needs the lab's demo site up: the Website component is a real HTTP check of it.
  const { site } = JSON.parse(fs.readFileSync(path.join(labDir, "hotseat.config.json"), "utf8")) as { site?: { url?: string } };
  if (site?.url) {
    const up = await fetch(site.url, { signal: AbortSignal.timeout(5000) }).then((r) => r.status < 500, () => false);
    if (!up) throw new Error(`the lab's demo site ${site.url} is not answering: start the lab with --with-site (or npm run lab -- site)`);
  }
  await calm(request);
});

test.afterAll(async ({ request }) => {
  await calm(request);
});

test("the boss opens /status without signing in and reads that all systems are operational", async ({ page }) => {
  await expectHeadline(page, "All systems operational");
  await expect(page).toHaveURL(/\/status$/);
  await expect(page.getByTestId("status-component")).toHaveCount(4);
  for (const name of ["Website", "Database writes", "Database reads", "Background jobs"]) {
    await expect(page.getByTestId("status-component").filter({ hasText: name }).getByTestId("component-status")).toHaveText("Operational");
  }
  await expect(page.getByTestId("uptime-percent").first()).toContainText("uptime");
  await expect(page).toHaveTitle(/All systems operational/);
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", /\/api\/status\/favicon\.svg\?state=operational/);
});

test("after the on-call engineer turns maintenance on, the boss reads under maintenance", async ({ page, request }) => {
  const message = `Database upgrade, back by ${new Date(Date.now() + 3600_000).toISOString().slice(11, 16)} UTC.`;
  const on = await request.put("/api/maintenance", { headers: operator(), data: { enabled: true, message } });
  expect(on.ok(), await on.text()).toBeTruthy();
  await expectHeadline(page, "Under maintenance");
  await expect(page.getByTestId("maintenance")).toContainText(message);
  await expect(page.getByTestId("status-component").first()).toHaveAttribute("data-status", "under_maintenance");

  const off = await request.put("/api/maintenance", { headers: operator(), data: { enabled: false } });
  expect(off.ok()).toBeTruthy();
  await expectHeadline(page, "All systems operational");
});

test("after an incident update, the boss reads its text on top, then in the past incidents once resolved", async ({ page, request }) => {
  const headers = operator();
  const opened = await request.post("/api/incidents", {
    headers,
    data: { name: "Slow checkout", impact: "minor", body: "We are looking into slow checkout pages.", components: ["website", "database-reads"] },
  });
  expect(opened.status()).toBe(201);
  const { incident } = (await opened.json()) as { incident: { id: number } };
  const words = `A batch job overloaded the database; we paused it (${Date.now()}).`;
  const update = await request.post(`/api/incidents/${incident.id}/updates`, { headers, data: { status: "identified", body: words } });
  expect(update.status()).toBe(201);

  await expectHeadline(page, "Degraded performance");
  const open = page.getByTestId("open-incident");
  await expect(open).toContainText("Slow checkout");
  await expect(open.getByTestId("incident-update-body").first()).toHaveText(words);
  await expect(open).toContainText("Identified");

  await request.post(`/api/incidents/${incident.id}/updates`, { headers, data: { status: "resolved", body: "Checkout is fast again." } });
  await expectHeadline(page, "All systems operational");
  await expect(page.getByTestId("open-incident")).toHaveCount(0);
  await expect(page.getByTestId("past-incident").first()).toContainText(words);
});

test("the JSON is Statuspage's v2 shape and nothing internal leaks into it or the page", async ({ request }) => {
  const summary = await request.get("/api/status/summary.json");
  expect(summary.ok()).toBeTruthy();
  const body = (await summary.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["components", "incidents", "page", "scheduled_maintenances", "status"]);
  expect(body.status).toEqual({ indicator: "none", description: "All systems operational" });
  const status = await request.get("/api/status/status.json");
  expect(Object.keys((await status.json()) as object).sort()).toEqual(["page", "status"]);
  expect((await request.get("/api/status/badge.svg")).headers()["content-type"]).toContain("image/svg+xml");

  const config = JSON.parse(fs.readFileSync(path.join(labDir, "hotseat.config.json"), "utf8")) as {
    servers: { id: string; name?: string; host: string; port: number; user: string }[];
    site?: { url?: string };
  };
  const words = new Set<string>();
  for (const s of config.servers) for (const w of [s.id, s.name, `${s.host}:${s.port}`, String(s.port), s.user]) if (w) words.add(w);
  if (config.site?.url) words.add(new URL(config.site.url).host);
  const text = [await summary.text(), await status.text(), await (await request.get("/status")).text()].join("\n");
  const leaked = [...words].filter((w) => new RegExp(`(?<![A-Za-z0-9])${w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9])`).test(text));
  expect(leaked).toEqual([]);
});
