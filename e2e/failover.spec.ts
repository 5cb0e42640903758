import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, labDir, test } from "./fixtures";

/**
 * On-call switches the writer in the browser: db3 is refused with the reason, db2 takes over with
 * the steps shown as they run, and the writer goes back to db1. The boss can watch, not act.
 */

function siteUrl(): string | null {
  try {
    const config = JSON.parse(fs.readFileSync(path.join(labDir, "hotseat.config.json"), "utf8")) as { site?: { url?: string } };
    return config.site?.url ?? null;
  } catch {
    return null;
  }
}

/** The demo shop's view of the writer, when the shop runs and talks to this console. */
async function shopWriter(): Promise<string | null> {
  const url = siteUrl();
  if (!url) return null;
  try {
    const res = await fetch(new URL("/healthz", url), { signal: AbortSignal.timeout(2000) });
    const body = (await res.json()) as { writer: string; dashboardReachable: boolean; writerSource: string };
    return body.dashboardReachable && body.writerSource === "dashboard" ? body.writer : null;
  } catch {
    return null;
  }
}

async function planFor(page: Page, candidate: string) {
  await page.getByLabel("New writer").selectOption(candidate);
  await page.getByRole("button", { name: "Check plan" }).click();
  await expect(page.getByTestId("failover-plan")).toBeVisible();
}

async function switchTo(page: Page, candidate: string) {
  await planFor(page, candidate);
  await expect(page.getByTestId("failover-plan")).toHaveAttribute("data-allowed", "true");
  // A switch within the anti-flapping window (an earlier suite's) asks for an acknowledgement.
  const flap = page.getByLabel(/switched moments ago/);
  if (await flap.count()) await flap.check();
  await page.getByRole("button", { name: `Switch the writer to ${candidate}` }).click();
  const run = page.getByTestId("failover-run");
  await expect(run).toBeVisible();
  await expect(run).toHaveAttribute("data-status", "ok", { timeout: 30_000 });
  for (const step of ["old_writer_read_only", "wait_catch_up", "candidate_writable", "publish", "repoint_replicas"])
    await expect(page.getByTestId(`step-${step}`)).toBeVisible();
  await expect(page.getByTestId("step-publish")).toHaveAttribute("data-status", "ok");
  await expect(page.getByTestId("published-writer")).toHaveText(candidate);
}

test.describe.configure({ mode: "serial" });

test("on-call is refused db3 with the reason, switches to db2 and back to db1", async ({ operatorPage: page }) => {
  await page.goto("/failover");
  await expect(page.getByRole("heading", { name: "Failover" })).toBeVisible();
  await expect(page.getByTestId("published-writer")).toHaveText("db1");

  // promotion ranks the choice: db1's co-master db2 (prefer) comes first, marked and already chosen.
  const choice = page.getByLabel("New writer");
  await expect(choice).toHaveValue("db2");
  await expect(choice.locator("option")).toHaveText(["choose a server…", /^db2.*\(preferred\)$/, /^db3.*must not be promoted/, /^db4.*must not be promoted/]);

  await planFor(page, "db3");
  await expect(page.getByTestId("failover-candidates")).toHaveText("Candidates, best first: db2 (preferred)");
  await expect(page.getByTestId("failover-plan")).toHaveAttribute("data-allowed", "false");
  await expect(page.getByTestId("check-co_master")).toContainText("plain replica of db1");
  await expect(page.getByTestId("check-co_master")).toContainText("out of sync");
  await expect(page.getByRole("button", { name: /Switch the writer to db3/ })).toHaveCount(0);

  await switchTo(page, "db2");
  // From db2's side the best candidate is db1, offered first once the switch is done.
  await expect(choice).toHaveValue("db1");
  await expect(choice.locator("option").nth(1)).toHaveText(/^db1.*\(preferred\)$/);
  const shopBefore = await shopWriter();
  if (shopBefore !== null) await expect.poll(shopWriter, { timeout: 10_000 }).toBe("db2");

  await switchTo(page, "db1");
  if (shopBefore !== null) await expect.poll(shopWriter, { timeout: 10_000 }).toBe("db1");
  await expect(page.getByTestId("failover-history")).toContainText("db2 → db1");
});

test("the boss sees the published writer and the runs, without the switch", async ({ viewerPage: page }) => {
  await page.goto("/failover");
  await expect(page.getByTestId("published-writer")).toHaveText("db1");
  await expect(page.getByText("needs the operator role")).toBeVisible();
  await expect(page.getByLabel("New writer")).toHaveCount(0);
  await expect(page.getByTestId("failover-history")).toContainText("db1 → db2");
});
