import type { Page } from "@playwright/test";
import { startSql, stopSql, testLab } from "@/lab";
import { expect, test } from "./fixtures";

// During a real lag incident (db4's SQL thread stopped), the topology picture shows db4's channel
// past the cutoff and the fleet table lists db4 first, with its sparkline, at desktop and on a phone.

const lab = testLab();
const PHONE = { width: 390, height: 844 };

test.describe.configure({ mode: "serial" });

async function expectNoSidewaysScroll(page: Page, what: string) {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(widths.scroll, `${what} is ${widths.scroll} px wide in a ${widths.inner} px window`).toBeLessThanOrEqual(widths.inner);
}

/** The cutoff of the lab's one cluster, as the API says. */
async function cutoffSeconds(page: Page): Promise<number> {
  const body = (await (await page.request.get("/api/topology")).json()) as { clusters: { lagCutoffSeconds: number }[] };
  return body.clusters[0].lagCutoffSeconds;
}

test("the picture draws the story's replication: writer on top, its co-master beside it, replicas below", async ({ viewerPage: page }) => {
  await page.goto("/topology");
  const picture = page.getByTestId("topology-picture");
  await expect(picture.getByTestId("topology-node-db1")).toHaveAttribute("data-role", "writer");
  await expect(picture.getByTestId("topology-node-db1")).toContainText("★ writer");
  await expect(picture.getByTestId("topology-node-db2")).toContainText("co-master");
  for (const edge of ["db1-db2", "db2-db1", "db1-db3", "db1-db4"]) await expect(picture.getByTestId(`topology-edge-${edge}`)).toBeVisible();
  await expect(picture.getByTestId("topology-edge-db1-db4")).toHaveAttribute("data-status", "ok", { timeout: 30_000 });
  const [writer, replica] = [await picture.getByTestId("topology-node-db1").boundingBox(), await picture.getByTestId("topology-node-db4").boundingBox()];
  expect(replica!.y).toBeGreaterThan(writer!.y + writer!.height);
});

for (const [label, viewport] of [["desktop", { width: 1440, height: 900 }], ["390 px phone", PHONE]] as const) {
  test(`on a ${label}, db4's stopped SQL thread is past the cutoff in the picture and first in the fleet table`, async ({ viewerPage: page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize(viewport);
    const cutoff = await cutoffSeconds(page);
    await page.goto("/?view=fleet");
    const row = page.getByTestId("fleet-row-db4");
    // Start from a healthy db4, so what follows is caused by this test.
    await expect(row).toHaveAttribute("data-health", "ok", { timeout: 60_000 });
    await expect(page.getByTestId("server-grid")).toHaveCount(0);

    await stopSql("db4", lab);
    try {
      // Heartbeat lag grows a second a second: past the cutoff within it plus a few polls.
      await expect(row).toHaveAttribute("data-past-cutoff", "true", { timeout: (cutoff + 30) * 1000 });
      await expect(page.getByTestId("fleet-health-db4")).toHaveText("stopped");
      await expect(page.locator("[data-testid^=fleet-row-]").first()).toHaveAttribute("data-testid", "fleet-row-db4");
      const lag = Number(/([\d.]+) s/.exec((await page.getByTestId("fleet-lag-db4").textContent()) ?? "")?.[1]);
      expect(lag).toBeGreaterThan(cutoff);
      await expect(page.getByTestId("fleet-reads-db4")).toHaveText("no: past cutoff");
      // The sparkline comes from the one history request and has db4's climb in it.
      await expect
        .poll(async () => Number((await page.getByTestId("fleet-sparkline-db4").getAttribute("data-peak")) || "0"), { timeout: 20_000 })
        .toBeGreaterThan(cutoff);
      await expect(page.getByTestId("fleet-sparkline-db3")).toHaveAttribute("data-points", /^[1-9]/);
      await expectNoSidewaysScroll(page, "/?view=fleet");

      // The health filter keeps only the stopped one, and says so in the URL.
      await page.getByTestId("fleet-filter-health").selectOption("stopped");
      await expect(page.locator("[data-testid^=fleet-row-]")).toHaveCount(1);
      await expect(page.getByTestId("fleet-count")).toHaveText("1 of 4 servers");
      await expect(page).toHaveURL(/[?&]health=stopped/);
      await page.reload();
      await expect(page.locator("[data-testid^=fleet-row-]")).toHaveCount(1);
      await expect(page.getByTestId("fleet-row-db4")).toBeVisible();
      await page.getByTestId("fleet-filter-health").selectOption("ok");
      await expect(page.getByTestId("fleet-row-db4")).toHaveCount(0);
      await expect(page.getByTestId("fleet-row-db3")).toBeVisible();

      // A row leads to the server's page.
      await page.getByTestId("fleet-filter-health").selectOption("");
      await page.getByTestId("fleet-link-db4").click();
      await expect(page).toHaveURL(/\/servers\/db4$/);

      // The picture: db4's edge past the cutoff, in red words too, the others fine.
      await page.goto("/topology");
      const edge = page.getByTestId("topology-edge-db1-db4");
      await expect(edge).toHaveAttribute("data-status", /^(stopped|past_cutoff)$/);
      await expect(edge).toContainText("stopped");
      expect(Number(await edge.getAttribute("data-lag"))).toBeGreaterThan(cutoff);
      await expect(page.getByTestId("topology-edge-db1-db3")).toHaveAttribute("data-status", "ok");
      await expect(page.getByTestId("topology-cluster-db1")).toContainText("1 channel not ok");
      await expectNoSidewaysScroll(page, "/topology");
      // Legible on a phone: the SVG scales with its box, never below about three quarters of its size.
      const box = await page.getByTestId("topology-node-db4").boundingBox();
      expect(box!.width).toBeGreaterThan(75);
    } finally {
      await startSql("db4", lab);
    }
    // Restarted, db4 catches up and its edge turns back to ok.
    await expect(page.getByTestId("topology-edge-db1-db4")).toHaveAttribute("data-status", "ok", { timeout: 60_000 });
  });
}

test("the dashboard folds the picture above the cards and switches to the table on demand", async ({ viewerPage: page }) => {
  await page.goto("/");
  await expect(page.getByTestId("server-card-db1")).toBeVisible();
  const folded = page.getByTestId("dashboard-topology");
  await expect(folded.getByTestId("topology-picture")).toHaveCount(0);
  await folded.locator("summary").click();
  await expect(folded.getByTestId("topology-edge-db1-db3")).toBeVisible();
  await page.getByTestId("layout-switch").click();
  await expect(page).toHaveURL(/\?view=fleet$/);
  await expect(page.getByTestId("fleet-row-db1")).toBeVisible();
});

test("GET /api/history answers every server's lag in at most 60 slots, to viewers only, and refuses a bad window", async ({ viewerPage: page, request }) => {
  const ok = await page.request.get("/api/history?seconds=300");
  expect(ok.status()).toBe(200);
  const body = (await ok.json()) as { bucketSeconds: number; servers: { id: string; lagSeconds: (number | null)[] }[] };
  expect(body.bucketSeconds).toBe(5);
  expect(body.servers.map((s) => s.id)).toEqual(["db1", "db2", "db3", "db4"]);
  for (const s of body.servers) expect(s.lagSeconds).toHaveLength(60);
  expect(body.servers.find((s) => s.id === "db3")!.lagSeconds.some((v) => typeof v === "number")).toBe(true);

  const bad = await page.request.get("/api/history?seconds=forever");
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { code: string } }).error.code).toBeTruthy();
  // Without a session or a token: nothing.
  expect((await request.get("/api/history")).status()).toBe(401);
});
