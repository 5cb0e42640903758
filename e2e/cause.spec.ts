import { scenario, startBatchLag, testLab } from "@/lab";
import { expect, test } from "./fixtures";

// The cause beside the symptom: while the lab's batch job makes the replicas lag through real
// writes, one click on a lagging replica's card (or its problem row) lands on "who is writing"
// on db1, showing the batch job.

const lab = testLab();

test("during lag, one click from the dashboard reaches who is writing, showing the batch job", async ({ viewerPage: page }) => {
  test.setTimeout(300_000);
  await page.goto("/");
  startBatchLag({ ...lab, seconds: 180 });
  try {
    // A lagging replica's card names the batch job's table and the account writing it on db1.
    const card = page.locator('[data-testid^="server-card-"][data-health="lagging"]').filter({ has: page.getByText(/Writing most on db1: app@/) }).first();
    await expect(card).toBeVisible({ timeout: 150_000 });
    const id = (await card.getAttribute("data-testid"))!.replace("server-card-", "");
    // From here on that one card: "the first lagging card" may be another one at the next refresh.
    const replicaCard = page.getByTestId(`server-card-${id}`);
    await expect(replicaCard.getByTestId(`cause-applying-${id}`)).toContainText(/Applies UPDATE on order_ledger|Applies nothing/);
    const writerLink = replicaCard.getByTestId(`cause-writer-${id}`);
    await expect(writerLink).toContainText("order_ledger");
    await expect(writerLink).toContainText(/rows\/s/);

    // The problem row says the same and links to the same view.
    const problem = page.getByTestId(`problem-replica_lagging-${id}`);
    await expect(problem.getByTestId(`problem-action-replica_lagging-${id}`)).toHaveAttribute("href", "/servers/db1#writers");
    await expect(problem.getByTestId(`cause-writer-${id}`)).toContainText("order_ledger");

    // One click: the writers view on db1, in sight, listing the batch job's UPDATE by app.
    await writerLink.click();
    await expect(page).toHaveURL(/\/servers\/db1#writers$/);
    const writers = page.locator("#writers");
    await expect(writers).toBeInViewport();
    const top = writers.getByTestId("top-writers");
    await expect(top).toContainText("order_ledger");
    await expect(top).toContainText("app@");
  } finally {
    await scenario("stop-batch", [], lab);
  }
});

test("a link with filters opens the processlist filtered, and one with #replica-activity lands on that panel", async ({ viewerPage: page }) => {
  await page.goto("/processlist?server=db4&kind=replication&minTime=0");
  await expect(page.getByLabel("Server")).toHaveValue("db4");
  await expect(page.getByLabel("Kind")).toHaveValue("replication");
  await expect(page.getByLabel("Min time (s)")).toHaveValue("0");
  const rows = page.locator('[data-testid="process-row"]:visible');
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) {
    await expect(row).toHaveAttribute("data-server", "db4");
    await expect(row).toHaveAttribute("data-kind", "replication");
  }

  await page.goto("/processlist?server=db4#replica-activity");
  await expect(page.getByTestId("replica-activity-item").first()).toBeVisible();
  await expect(page.locator("#replica-activity")).toBeInViewport();
});
