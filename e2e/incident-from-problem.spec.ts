import type { APIRequestContext, Page } from "@playwright/test";
import { startSql, stopSql, testLab } from "@/lab";
import { expect, labDir, labSecrets, test } from "./fixtures";

// The on-call engineer at the worst moment: every replica falls past the read cutoff (real
// replication, SQL threads stopped on db2, db3 and db4), the dashboard offers "Open an incident"
// prefilled in plain words, one click and a confirmation open it, and /status shows it, with a
// headline that a component also shows.

const lab = testLab();
const REPLICAS = ["db2", "db3", "db4"] as const;

function operator(): Record<string, string> {
  return { authorization: `Bearer ${labSecrets().tokens["lab-operator"]}` };
}

async function resolveOpenIncidents(request: APIRequestContext): Promise<void> {
  const headers = operator();
  const list = await request.get("/api/incidents", { headers });
  expect(list.ok()).toBeTruthy();
  const { incidents } = (await list.json()) as { incidents: { id: number; status: string }[] };
  for (const i of incidents.filter((i) => i.status !== "resolved")) {
    await request.post(`/api/incidents/${i.id}/updates`, { headers, data: { status: "resolved", body: "Resolved." } });
  }
}

/** Counts the clicks a person makes on a page. */
async function countClicks(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { __clicks: number };
    w.__clicks = 0;
    document.addEventListener("click", () => (w.__clicks += 1), true);
  });
  return () => page.evaluate(() => (window as unknown as { __clicks: number }).__clicks);
}

test.beforeAll(async ({ request }) => {
  await resolveOpenIncidents(request);
});

test.afterAll(async ({ request }) => {
  await Promise.all(REPLICAS.map((id) => startSql(id, lab).catch(() => undefined)));
  await resolveOpenIncidents(request);
});

test("every replica past the cutoff: one click and a confirmation open a prefilled incident, and /status shows it", async ({ operatorPage: page, browser, baseURL }) => {
  test.setTimeout(180_000);
  await page.goto("/");
  const cutoff = Number(await page.getByTestId("lag-chart-db4").getAttribute("data-cutoff"));
  expect(cutoff).toBeGreaterThan(0);
  await expect(page.getByTestId("problem-all_replicas_past_cutoff")).toHaveCount(0, { timeout: 60_000 });

  let title = "";
  for (const id of REPLICAS) await stopSql(id, lab);
  try {
    const problem = page.getByTestId("problem-all_replicas_past_cutoff");
    // Heartbeat lag grows one second a second from the stop: past the cutoff after `cutoff` s.
    await expect(problem).toBeVisible({ timeout: (cutoff + 45) * 1000 });
    await expect(problem).toHaveAttribute("data-severity", "critical");
    const clicks = await countClicks(page);

    await problem.getByTestId("open-incident-from-all_replicas_past_cutoff").click();
    const dialog = page.getByRole("dialog", { name: "Open a public incident?" });
    await expect(dialog).toBeVisible();
    const draft = dialog.getByTestId("incident-draft");
    title = await draft.getByLabel("Title (public)").inputValue();
    expect(title).toBe("Pages are slow and recent changes show late");
    const body = await draft.getByLabel(/First update/).inputValue();
    expect(body).toMatch(/Pages may load slowly/);
    expect(`${title} ${body}`).not.toMatch(/db\d|replica|cutoff/i);
    await expect(draft.getByLabel("Database reads")).toBeChecked();
    await expect(draft.getByLabel("Background jobs")).toBeChecked();
    await expect(draft.getByLabel("Website")).not.toBeChecked();

    await dialog.getByRole("button", { name: "Open incident" }).click();
    await expect(dialog).toBeHidden();
    await expect(problem.getByTestId("incident-opened")).toContainText(title);
    expect(await clicks()).toBe(2);

    // The form resets: the next click starts from the draft again, with no error left over.
    await problem.getByTestId("open-incident-from-all_replicas_past_cutoff").click();
    await expect(dialog.getByLabel("Title (public)")).toHaveValue(title);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
  } finally {
    for (const id of REPLICAS) await startSql(id, lab);
  }

  // The public page, as the boss reads it: the incident on top, a headline that a component shows.
  const visitor = await browser.newContext({ baseURL });
  const status = await visitor.newPage();
  try {
    await expect(async () => {
      await status.goto("/status");
      await expect(status.getByTestId("open-incident").filter({ hasText: title })).toBeVisible({ timeout: 1000 });
      await expect(status.getByTestId("status-overall")).toHaveText("Partial outage", { timeout: 1000 });
    }).toPass({ timeout: 45_000, intervals: [1000, 2000] });
    await expect(status.getByTestId("open-incident")).toContainText("Pages may load slowly");
    const reads = status.locator('[data-testid="status-component"][data-component="database-reads"]');
    await expect(reads).toHaveAttribute("data-status", "partial_outage");
  } finally {
    await visitor.close();
  }

  // Leave the lab as found: the replicas back within the cutoff and their alerts resolved, so no
  // episode of this test stays open into the next one's incident window.
  await page.goto("/");
  await expect(page.getByTestId("problem-all_replicas_past_cutoff")).toHaveCount(0, { timeout: 60_000 });
  await expect
    .poll(
      async () => {
        const res = await page.request.get("/api/alerts", { headers: operator() });
        const { firing } = (await res.json()) as { firing: { rule: string; serverId: string | null }[] };
        return firing.filter((a) => a.serverId == null || (REPLICAS as readonly string[]).includes(a.serverId) || a.rule === "all_replicas_past_cutoff").map((a) => `${a.rule}@${a.serverId}`);
      },
      { timeout: 60_000, intervals: [1000] },
    )
    .toEqual([]);
});
