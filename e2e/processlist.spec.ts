import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import mysql from "mysql2/promise";
import { expect, labDir, test } from "./fixtures";

const ROGUE_TEXT = "SLEEP(86400) AS backfill";

/** Start the lab's rogue-query scenario: root runs a forgotten migration from the mariadb CLI on db1. */
function startRogueQuery(): void {
  execFileSync(path.resolve("node_modules/.bin/tsx"), ["scripts/lab.ts", "scenario", "rogue-query", "db1"], {
    env: { ...process.env, HOTSEAT_LAB_DIR: labDir },
    encoding: "utf8",
    timeout: 60_000,
  });
}

test.describe("the on-call engineer finds the rogue query and kills it", () => {
  test("operator: filter, see it flagged, confirm with the full query, kill; it leaves the list", async ({ operatorPage: page }) => {
    startRogueQuery();
    await page.goto("/processlist");
    await page.getByLabel("Query text").fill("backfill");

    const row = page.getByTestId("process-row").filter({ hasText: ROGUE_TEXT });
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute("data-server", "db1");
    await expect(row).toHaveAttribute("data-kind", "client");
    await expect(row).toHaveAttribute("data-flags", /root_user/);
    await expect(row).toHaveAttribute("data-flags", /interactive_client/);
    const threadId = await row.getAttribute("data-thread");

    // Replication threads are listed but offer no Kill button.
    await page.getByLabel("Query text").fill("");
    await page.getByLabel("Kind").selectOption("replication");
    await expect(page.getByTestId("process-row").first()).toBeVisible();
    await expect(page.getByTestId("process-row").getByRole("button", { name: /^Kill/ })).toHaveCount(0);
    await page.getByLabel("Kind").selectOption("");
    await page.getByLabel("Query text").fill("backfill");

    await row.getByRole("button", { name: `Kill thread ${threadId} on db1` }).click();
    const dialog = page.getByTestId("kill-dialog");
    await expect(dialog.getByTestId("kill-server")).toHaveText("db1");
    await expect(dialog.getByTestId("kill-user")).toHaveText("root@localhost");
    await expect(dialog.getByTestId("kill-query")).toContainText(`SELECT /* backfill customer totals, run by hand */ ${ROGUE_TEXT}, COUNT(*) FROM shop.orders`);
    await dialog.getByRole("button", { name: "Kill query" }).click();
    await expect(dialog.getByTestId("kill-result")).toHaveAttribute("data-ok", "true");
    await dialog.getByRole("button", { name: "Close" }).click();

    await expect(page.getByTestId("process-row").filter({ hasText: ROGUE_TEXT })).toHaveCount(0, { timeout: 15_000 });

    // The audit log says who killed what.
    await page.goto("/audit?action=kill&server=db1");
    await expect(page.getByText(ROGUE_TEXT).first()).toBeVisible();
  });

  test("viewer: sees the processlist but no Kill button", async ({ viewerPage: page }) => {
    await page.goto("/processlist");
    await expect(page.getByTestId("process-row").first()).toBeVisible();
    await expect(page.getByRole("button", { name: /^Kill thread/ })).toHaveCount(0);
  });
});

test.describe("a statement too long to hold", () => {
  test("viewer: a 100 kB statement is shown cut, and the page says so", async ({ viewerPage: page }) => {
    const db3 = (JSON.parse(fs.readFileSync(path.join(labDir, "hotseat.config.json"), "utf8")) as { servers: { id: string; host: string; port: number }[] }).servers.find((s) => s.id === "db3")!;
    const { appPassword } = JSON.parse(fs.readFileSync(path.join(labDir, "lab-secrets.json"), "utf8")) as { appPassword: string };
    const connect = () => mysql.createConnection({ host: db3.host, port: db3.port, user: "app", password: appPassword });
    const app = await connect();
    const statement = `SELECT SLEEP(90), '${"y".repeat(100_000)}' AS long_padding`;
    void app.query(statement).catch(() => undefined);
    try {
      await page.goto("/processlist?server=db3");
      await page.getByLabel("Query text").fill("SLEEP(90)");
      const row = page.getByTestId("process-row").filter({ hasText: "SLEEP(90)" });
      await expect(row).toHaveCount(1);
      await expect(row.getByTestId("process-query-cut")).toHaveText(`cut: only the start of a ${statement.length.toLocaleString("en-US")}-character statement is shown`);
      // What the page holds is the first 16 KiB, not the statement.
      expect(((await row.locator("code").textContent()) ?? "").length).toBe(16 * 1024);
    } finally {
      const killer = await connect();
      await killer.query(`KILL ${app.threadId}`).catch(() => undefined);
      await killer.end();
      app.destroy();
    }
  });
});
