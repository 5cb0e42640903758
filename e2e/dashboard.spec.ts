import { startSql, stopSql, testLab } from "@/lab";
import { expect, test } from "./fixtures";

// The dashboard as the boss sees it: the story's topology, then a replica whose SQL thread stops
// falls behind past the read cutoff, on its card and in its lag chart, from real replication.

const lab = testLab();

test("the dashboard shows the writer, its co-master and the replicas", async ({ viewerPage: page }) => {
  await page.goto("/");
  const expected = { db1: "writer", db2: "co-master", db3: "replica", db4: "replica" } as const;
  for (const [id, role] of Object.entries(expected)) {
    await expect(page.getByTestId(`server-card-${id}`)).toHaveAttribute("data-role", role);
    await expect(page.getByTestId(`server-role-${id}`)).toContainText(role);
    await expect(page.getByTestId(`lag-chart-${id}`).getByText("read cutoff")).toBeVisible();
  }
  await expect(page.getByTestId("summary-writer")).toHaveText("db1");
  await expect(page.getByTestId("summary-pair")).toHaveText("db1 ⇄ db2");
  await expect(page.getByTestId("stale-banner")).toHaveCount(0);
});

test("a stopped SQL thread on db4 shows as stopped, not read-eligible, lag past the cutoff", async ({ viewerPage: page }) => {
  test.setTimeout(150_000);
  await page.goto("/");
  const card = page.getByTestId("server-card-db4");
  const chart = page.getByTestId("lag-chart-db4");
  // Start from a healthy db4, so what follows is caused by this test.
  await expect(card).toHaveAttribute("data-health", "ok", { timeout: 30_000 });
  await expect(card).toHaveAttribute("data-read-eligible", "true");
  const cutoff = Number(await chart.getAttribute("data-cutoff"));
  expect(cutoff).toBeGreaterThan(0);

  await stopSql("db4", lab);
  try {
    await expect(card).toHaveAttribute("data-health", /^(stopped|lagging)$/);
    await expect(page.getByTestId("server-sql-db4")).toHaveText("No");
    await expect(card).toHaveAttribute("data-read-eligible", "false");
    await expect(page.getByTestId("server-reads-db4")).toContainText("not eligible");

    // Heartbeat lag grows one second a second; the chart's newest point must pass the cutoff.
    await expect
      .poll(async () => Number((await chart.getAttribute("data-latest-lag")) || "NaN"), {
        timeout: (cutoff + 45) * 1000,
        intervals: [1000],
      })
      .toBeGreaterThan(cutoff);
    const shown = await page.getByTestId("lag-chart-latest-db4").textContent();
    expect(Number(/now ([\d.]+) s/.exec(shown ?? "")?.[1])).toBeGreaterThan(cutoff);
    await expect(page.getByTestId("server-reads-db4")).toContainText("past cutoff");

    // The problem carries its runbook, readable in place.
    const problem = page.getByTestId("problem-replication_stopped-db4");
    await problem.getByTestId("problem-runbook").click();
    await expect(problem.getByTestId("problem-runbook-text")).toContainText("Replication stopped or in error");
  } finally {
    await startSql("db4", lab);
  }

  // Restarted, db4 catches up and takes reads again.
  await expect(card).toHaveAttribute("data-health", "ok", { timeout: 60_000 });
  await expect(card).toHaveAttribute("data-read-eligible", "true");
});

test("on a 390 px phone the cards stack in one column with no sideways scrolling", async ({ viewerPage: page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  await expect(page.getByTestId("server-card-db2")).toBeVisible();
  // Both boxes at one instant: the cards grow as their charts and causes arrive.
  const [db1, db2] = await page.evaluate(() =>
    ["db1", "db2"].map((id) => {
      const r = document.querySelector(`[data-testid="server-card-${id}"]`)!.getBoundingClientRect();
      return { x: r.x, y: r.y, height: r.height };
    }),
  );
  expect(Math.abs(db1!.x - db2!.x)).toBeLessThan(2);
  expect(db2!.y).toBeGreaterThan(db1!.y + db1!.height - 1);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expect(page.getByTestId("user-name")).toBeVisible();
});

test("when the API stops answering, the dashboard says plainly that its data is old", async ({ viewerPage: page }) => {
  await page.goto("/");
  await expect(page.getByTestId("server-card-db1")).toBeVisible();
  await expect(page.getByTestId("stale-banner")).toHaveCount(0);

  // Cut the browser off from the API, as a dropped VPN or a dead console host would.
  await page.route("**/api/topology", (route) => route.abort("connectionrefused"));
  const banner = page.getByTestId("stale-banner");
  await expect(banner).toContainText(/Data is \d+ s old — the dashboard lost contact/, { timeout: 20_000 });
  // The last known cards stay on screen under the banner.
  await expect(page.getByTestId("server-card-db1")).toBeVisible();

  await page.unroute("**/api/topology");
  await expect(banner).toHaveCount(0, { timeout: 20_000 });
});
