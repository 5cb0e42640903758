import fs from "node:fs";
import { test, expect, labSecrets } from "./fixtures";

/**
 * The on-call engineer's afterwards: a scripted incident (opened, maintenance on and off, updates,
 * resolved) seen in its incident view with its clocks, exported as the Markdown battle report; and
 * the Alerts page's test notification reporting what the webhook answered.
 */
test("the incident view shows the story and downloads the battle report", async ({ operatorPage: page, request, baseURL }) => {
  const token = labSecrets().tokens["lab-operator"];
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const mark = `e2e-timeline-${Date.now()}`;
  const api = (path: string, method: "POST" | "PUT", data: unknown) => request.fetch(`${baseURL}${path}`, { method, headers, data });

  const opened = await api("/api/incidents", "POST", { name: `${mark} Site down`, impact: "major", status: "investigating", body: "Logs full of MySQL errors", components: ["website"] });
  expect(opened.status()).toBe(201);
  const id = ((await opened.json()) as { incident: { id: number } }).incident.id;
  try {
    expect((await api("/api/maintenance", "PUT", { enabled: true, message: `${mark} back soon` })).status()).toBe(200);
    expect((await api(`/api/incidents/${id}/updates`, "POST", { status: "identified", body: `${mark} the batch job` })).status()).toBe(201);
  } finally {
    await api("/api/maintenance", "PUT", { enabled: false });
  }
  expect((await api(`/api/incidents/${id}/updates`, "POST", { status: "resolved", body: `${mark} all good` })).status()).toBe(201);
  expect((await api(`/api/incidents/${id}/followups`, "POST", { text: `${mark} throttle batch jobs` })).status()).toBe(201);

  // From the incidents list to the incident view.
  await page.goto("/incidents");
  await page.getByRole("link", { name: `${mark} Site down` }).click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${id}$`));
  await expect(page.getByTestId("incident-name")).toHaveText(`${mark} Site down`);
  const entries = page.getByTestId("timeline-entry");
  await expect(entries.filter({ hasText: `Incident opened: ${mark}` })).toHaveCount(1);
  await expect(entries.filter({ hasText: `${mark} back soon` })).toContainText("Maintenance on");
  await expect(entries.filter({ hasText: "Maintenance off" }).first()).toBeVisible();
  await expect(entries.filter({ hasText: `Incident resolved: ${mark}` })).toHaveCount(1);
  await expect(page.getByTestId("ttm")).not.toHaveText("—");
  await expect(page.getByTestId("followups")).toContainText(`${mark} throttle batch jobs`);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-report").click()]);
  expect(download.suggestedFilename()).toBe(`incident-${id}-report.md`);
  const md = fs.readFileSync((await download.path())!, "utf8");
  expect(md).toContain(`# Incident report: ${mark} Site down`);
  const order = ["## Summary", "## Impact window", "## Timeline (UTC)", `Incident opened: ${mark}`, `Maintenance on — token:lab-operator: ${mark} back soon`, `Incident identified: ${mark} Site down`, "Maintenance off — token:lab-operator", `Incident resolved: ${mark}`, "## Replication lag", "## Actions", "## Follow-ups", `- [ ] ${mark} throttle batch jobs`];
  // Each step after the one before: the window may also hold earlier, look-alike events (another
  // maintenance off by the same token), so search on from the previous match.
  let from = 0;
  for (const step of order) {
    const at = md.indexOf(step, from);
    expect(at, `"${step}" after position ${from} in\n${md}`).toBeGreaterThanOrEqual(0);
    from = at + step.length;
  }
});

test("send test notification shows each webhook's delivery result", async ({ operatorPage: page }) => {
  await page.goto("/alerts");
  await expect(page.getByRole("heading", { name: "Alerts", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Send test notification" }).click();
  const result = page.getByTestId("test-result");
  await expect(result).toBeVisible();
  // The lab configures one webhook: its demo site (204 when it runs the receiver).
  const delivery = result.getByTestId("test-delivery").first();
  await expect(delivery).toBeVisible();
  await expect(delivery).toContainText("http://127.0.0.1:");
  await expect(delivery).toHaveText(/delivered, HTTP 2\d\d|not delivered \(/);
  await expect(page.getByTestId("deliveries")).toContainText("test");
});

test("the timeline and runbooks pages open for a viewer", async ({ viewerPage: page }) => {
  await page.goto("/timeline?hours=1");
  await expect(page.getByRole("heading", { name: "Timeline" })).toBeVisible();
  await page.goto("/runbooks");
  await page.getByRole("link", { name: "Rogue query" }).click();
  await expect(page.getByTestId("runbook-title")).toHaveText("Rogue query");
  await expect(page.getByTestId("runbook-body")).toContainText("Kill the query");
});
