import fs from "node:fs";
import path from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, labDir, labSecrets, test } from "./fixtures";

// As the on-call engineer: maintenance on in one click, the shop answers 503 with the message, the
// public status says maintenance; off, all back.

const siteUrl = (JSON.parse(fs.readFileSync(path.join(labDir, "hotseat.config.json"), "utf8")) as { site: { url: string } }).site.url.replace(/\/+$/, "");

/** A `datetime-local` value in the browser's (= this machine's) local time. */
function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Maintenance off through the API with the lab's operator token: a clean start whatever ran before. */
async function ensureOff(request: APIRequestContext) {
  const res = await request.put("/api/maintenance", {
    headers: { authorization: `Bearer ${labSecrets().tokens["lab-operator"]}` },
    data: { enabled: false },
  });
  expect(res.status()).toBe(200);
}

async function websiteStatus(page: Page): Promise<string | null> {
  await page.goto("/status");
  return page.locator('[data-testid="status-component"][data-component="website"]').getAttribute("data-status");
}

test("the on-call engineer puts the site into maintenance with one click and brings it back", async ({ operatorPage: page, request, browser }) => {
  test.setTimeout(180_000); // the shop and the status page each take a poll or two to follow
  await ensureOff(request);
  const visitor = await browser.newPage(); // the public, signed out
  try {
    await page.goto("/maintenance");
    await expect(page.getByRole("heading", { name: "Maintenance" })).toBeVisible();
    await expect(page.getByTestId("maintenance-state")).toHaveText("Site live");
    await expect(page.getByTestId("maintenance-banner")).toHaveAttribute("data-state", "off");
    expect((await request.get(siteUrl)).status()).toBe(200);

    const message = `Upgrading MySQL, back by 10:30 (e2e ${Date.now()})`;
    await page.getByRole("button", { name: "Turn maintenance on…" }).click();
    const dialog = page.getByRole("dialog", { name: "Put the site into maintenance?" });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel("Message for visitors").fill(message);
    const until = new Date(Date.now() + 30 * 60_000);
    await dialog.getByLabel(/Expected end/).fill(localInput(until));
    await dialog.getByRole("button", { name: "Turn maintenance on" }).click();

    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("maintenance-state")).toHaveText("Maintenance on");
    await expect(page.getByTestId("maintenance-message")).toHaveText(message);
    await expect(page.getByTestId("maintenance-banner")).toHaveAttribute("data-state", "on");
    await expect(page.getByTestId("maintenance-banner")).toContainText(message);
    // The visitors' message keeps its own punctuation: the banner adds none after it.
    await expect(page.getByTestId("maintenance-banner")).not.toContainText(`${message}.`);

    // the public API says so at once
    const state = await (await request.get("/api/maintenance")).json();
    expect(state).toMatchObject({ enabled: true, message });
    expect(Math.abs(Date.parse(state.until) - until.getTime())).toBeLessThan(60_000);

    // the shop polls every 2 s: 503 with the message and Retry-After; health checks and staff pass
    await expect.poll(async () => (await request.get(siteUrl)).status(), { timeout: 15_000 }).toBe(503);
    const shop = await request.get(siteUrl);
    expect(await shop.text()).toContain(message);
    expect(Number(shop.headers()["retry-after"])).toBeGreaterThan(0);
    const health = await request.get(`${siteUrl}/healthz`);
    expect(health.status()).toBe(200);
    expect(await health.json()).toMatchObject({ maintenance: true });
    expect((await request.get(siteUrl, { headers: { cookie: "hotseat_bypass=1" } })).status()).toBe(200);
    await visitor.goto(siteUrl);
    await expect(visitor.locator("#maintenance-message")).toHaveText(message);

    // the public status page shows maintenance
    await expect.poll(() => websiteStatus(visitor), { timeout: 20_000 }).toBe("under_maintenance");

    // every console page shows the state
    await page.goto("/");
    await expect(page.getByTestId("maintenance-banner")).toHaveAttribute("data-state", "on");

    // off again, from the banner's link
    await page.getByTestId("maintenance-banner").getByRole("link", { name: "Manage" }).click();
    await expect(page).toHaveURL(/\/maintenance$/);
    await page.getByRole("button", { name: "Turn maintenance off…" }).click();
    await page.getByRole("dialog", { name: "Bring the site back?" }).getByRole("button", { name: "Turn maintenance off" }).click();
    await expect(page.getByTestId("maintenance-state")).toHaveText("Site live");
    await expect(page.getByTestId("maintenance-banner")).toHaveAttribute("data-state", "off");
    expect((await (await request.get("/api/maintenance")).json()).enabled).toBe(false);
    await expect.poll(async () => (await request.get(siteUrl)).status(), { timeout: 15_000 }).toBe(200);
    await expect.poll(() => websiteStatus(visitor), { timeout: 20_000 }).not.toBe("under_maintenance");

    // and it is all in the audit log
    await page.goto("/audit?user=oncall&action=maintenance.set");
    await expect(page.getByTestId("audit-row").first()).toContainText("maintenance.set");
    await expect(page.getByTestId("audit-row").nth(1)).toContainText("maintenance.set");
  } finally {
    await visitor.close();
    await ensureOff(request);
  }
});

test("the on-call engineer schedules a window, sees it listed as upcoming, and cancels it", async ({ operatorPage: page }) => {
  await page.goto("/maintenance");
  // far enough ahead not to meet any other window
  const start = new Date(Date.now() + (3 + Math.floor(Math.random() * 20)) * 24 * 3600_000);
  const end = new Date(start.getTime() + 45 * 60_000);
  const message = `Planned upgrade (e2e ${Date.now()})`;
  const form = page.getByRole("form", { name: "Schedule a maintenance window" });
  await form.getByLabel("Starts").fill(localInput(start));
  await form.getByLabel("Ends").fill(localInput(end));
  await form.getByLabel("Window message for visitors").fill(message);
  await form.getByRole("button", { name: "Schedule window" }).click();

  const row = page.getByTestId("maintenance-window-row").filter({ hasText: message });
  await expect(row).toHaveAttribute("data-status", "upcoming");
  page.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toHaveAttribute("data-status", "cancelled");
  await expect(page.getByTestId("maintenance-state")).toHaveText("Site live");
});

test("the boss sees the maintenance state but has no switch", async ({ viewerPage: page }) => {
  await page.goto("/maintenance");
  await expect(page.getByTestId("maintenance-state")).toBeVisible();
  await expect(page.getByRole("button", { name: /Turn maintenance/ })).toHaveCount(0);
  await expect(page.getByText("needs the operator role")).toBeVisible();
});
