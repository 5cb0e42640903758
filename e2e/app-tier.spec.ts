import { scenario, startAppPileup, testLab } from "@/lab";
import { expect, test } from "./fixtures";

// The story's app tier in the browser: during app-pileup the on-call engineer sees php-fpm's
// workers all busy and requests queued beside the databases, reads that the app servers wait on
// the database, and still restarts php-fpm, after a confirmation. The boss sees it on a phone.

const lab = testLab();

test.describe.configure({ mode: "serial" });

test("on-call sees the app tier pile up, reads the causal line and restarts php-fpm with a confirmation", async ({ operatorPage: page }) => {
  test.setTimeout(180_000);
  await page.goto("/");
  const card = page.getByTestId("app-server-app1");
  await expect(card).toHaveAttribute("data-health", "ok", { timeout: 30_000 });
  await expect(page.getByTestId("app-workers-app1")).toHaveText(/^0 \/ 4 busy$|^\d \/ 4 busy$/);
  await expect(page.getByTestId("causal-line")).toHaveCount(0);

  startAppPileup({ ...lab, seconds: 150 });
  try {
    await expect(card).toHaveAttribute("data-health", "saturated", { timeout: 60_000 });
    await expect(page.getByTestId("app-workers-app1")).toHaveText("4 / 4 busy");
    await expect.poll(async () => Number(await page.getByTestId("app-queue-app1").textContent()), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId("problem-app_workers_exhausted-app1")).toBeVisible();
    const causal = page.getByTestId("causal-line");
    await expect(causal).toContainText("The app servers are waiting on the database: restarting them will not help", { timeout: 30_000 });
    await expect(causal).toContainText("reads fall back to the writer");
    await expect.poll(async () => Number(await page.getByTestId("app-chart-app1").getAttribute("data-latest-queue")), { timeout: 20_000 }).toBeGreaterThan(0);

    await card.getByRole("button", { name: "Restart php-fpm" }).click();
    const dialog = page.getByRole("dialog", { name: "Restart php-fpm on app1?" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId("restart-causal-line")).toContainText("restarting them will not help");
    await dialog.getByRole("button", { name: "Restart php-fpm" }).click();
    // An earlier suite's restarts within ten minutes make this the third: it asks, naming the cause.
    const ack = dialog.getByTestId("restart-ack");
    const result = page.getByTestId("restart-result");
    await expect(ack.or(result)).toBeVisible();
    if (await ack.isVisible()) {
      await expect(ack).toContainText("The cause is in the database");
      await ack.getByRole("checkbox").check();
      await dialog.getByRole("button", { name: "Restart php-fpm" }).click();
    }
    await expect(result).toHaveAttribute("data-result", "ok");
    await expect(result).toContainText("Restart of php-fpm on app1: done");
    await expect(result).not.toContainText("kill");
  } finally {
    await scenario("stop-pileup", [], lab);
  }
  await expect(card).toHaveAttribute("data-health", "ok", { timeout: 45_000 });
  await expect(page.getByTestId("causal-line")).toHaveCount(0);
});

test("the boss sees the app tier on a phone, without the restart", async ({ viewerPage: page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  const card = page.getByTestId("app-server-app1");
  await expect(card).toBeVisible();
  await expect(page.getByTestId("app-workers-app1")).toHaveText(/\d+ \/ 4 busy/);
  await expect(page.getByTestId("app-chart-app1")).toBeVisible();
  await expect(card.getByRole("button", { name: /Restart/ })).toHaveCount(0);
  const box = await card.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
