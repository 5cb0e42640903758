import fs from "node:fs";
import { freeze, labPaths, rogueQuery, rootConnection, ROGUE_SQL, thaw, testLab } from "@/lab";
import { expect, labDir, test } from "./fixtures";

// The two worst moments of the story, from the dashboard: root's forgotten migration is a problem
// killed from its row (1 click + the confirmation), and a frozen db1 is one headline that leads
// to the failover plan with db2 preselected.

const lab = testLab();

async function killLeftoverRogueQueries(): Promise<void> {
  const { rootPassword } = JSON.parse(fs.readFileSync(`${labDir}/lab-secrets.json`, "utf8")) as { rootPassword: string };
  const root = await rootConnection(labPaths(lab).servers.db1, rootPassword);
  try {
    const [rows] = await root.query("SHOW FULL PROCESSLIST");
    for (const t of rows as { Id: number; Info: string | null }[]) if (t.Info === ROGUE_SQL) await root.query(`KILL ${t.Id}`).catch(() => undefined);
  } finally {
    await root.end();
  }
}

test.describe.configure({ mode: "serial" });

test.afterAll(async () => {
  await thaw("db1", lab).catch(() => undefined); // always: a frozen db1 would break every later spec
  await killLeftoverRogueQueries();
});

test("the rogue query is a problem on the dashboard, killed from its row with one click and the confirmation", async ({ operatorPage: page }) => {
  // The lab's processlist.longQuerySeconds is the default 60 s: the problem shows after a minute.
  test.setTimeout(180_000);
  await killLeftoverRogueQueries();
  await rogueQuery("db1", lab);
  await page.goto("/");
  const problem = page.getByTestId("problem-long_running_query-db1");
  await expect(problem).toBeVisible({ timeout: 100_000 });
  await expect(problem).toHaveAttribute("data-severity", "critical");
  await expect(problem).toContainText(/root@localhost has run a statement on db1 for \d+ s/);

  await problem.getByTestId("problem-kill").click(); // the one click
  const dialog = page.getByTestId("kill-dialog");
  await expect(dialog.getByTestId("kill-user")).toHaveText("root@localhost");
  await expect(dialog.getByTestId("kill-query")).toContainText("SLEEP(86400) AS backfill");
  await dialog.getByRole("button", { name: "Kill query" }).click(); // the confirmation
  await expect(dialog.getByTestId("kill-result")).toHaveAttribute("data-ok", "true");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(problem).toHaveCount(0, { timeout: 15_000 });
});

test("a frozen db1 is one headline, no writer since T, with the failover plan for db2 one click away", async ({ operatorPage: page }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  await expect(page.getByTestId("server-card-db1")).toHaveAttribute("data-reachable", "true");
  await freeze("db1", lab);
  try {
    const headline = page.getByTestId("problem-no_writer");
    await expect(headline).toBeVisible({ timeout: 20_000 });
    await expect(headline).toContainText("No writer");
    await expect(headline).toContainText(/Writes fail since \d\d:\d\d:\d\d UTC, for \d+ s: the writer db1 cannot be reached\./);
    // One headline, nothing about reads falling back to a writer nobody reaches, db1 said once.
    await expect(page.getByTestId("problems").getByRole("alert")).toHaveCount(1);
    await expect(page.getByTestId("problems")).not.toContainText("fall back to the writer");
    await expect(page.getByTestId("problem-server_unreachable-db1")).toHaveCount(0);
    // The driver's error is folded under details.
    await expect(headline.getByTestId("problem-details").locator("pre")).toBeHidden();
    // Replicas: lag unknown because the writer's heartbeat stopped, not lagging.
    for (const id of ["db3", "db4"]) {
      await expect(page.getByTestId(`server-card-${id}`)).not.toHaveAttribute("data-health", "lagging");
      await expect(page.getByTestId(`server-lag-${id}`)).toContainText("unknown: the writer's heartbeat stopped");
    }

    const link = headline.getByTestId("problem-failover");
    await expect(link).toHaveAttribute("href", "/failover?candidate=db2");
    await link.click();
    await expect(page).toHaveURL(/\/failover\?candidate=db2$/);
    await expect(page.getByLabel("New writer")).toHaveValue("db2");
  } finally {
    await thaw("db1", lab);
  }
});
