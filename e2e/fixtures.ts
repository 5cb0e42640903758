import { test as base, expect, type Browser, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { testLab } from "@/lab";

/** The test lab's plain-text secrets (written by `npm run lab -- up`). */
export interface LabSecrets {
  users: Record<string, string>;
  tokens: Record<string, string>;
}

export const labDir = testLab().dir;

export function labSecrets(): LabSecrets {
  return JSON.parse(fs.readFileSync(path.join(labDir, "lab-secrets.json"), "utf8")) as LabSecrets;
}

/** The story's three people and their roles. */
export const LAB_PEOPLE = {
  admin: "cto",
  operator: "oncall",
  viewer: "boss",
} as const;

/** Sign in through the real login page and wait until the console shows the user menu. */
export async function signIn(page: Page, username: string, password = labSecrets().users[username]): Promise<void> {
  if (!password) throw new Error(`no password for ${username} in ${labDir}/lab-secrets.json`);
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await expect(page.getByTestId("user-name")).toHaveText(username);
}

async function withSignedInPage(
  browser: Browser,
  baseURL: string | undefined,
  username: string,
  handOver: (page: Page) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext({ baseURL });
  try {
    const page = await context.newPage();
    await signIn(page, username);
    await handOver(page);
  } finally {
    await context.close();
  }
}

interface SignedInFixtures {
  /** boss, a viewer */
  viewerPage: Page;
  /** oncall, an operator */
  operatorPage: Page;
  /** cto, an admin */
  adminPage: Page;
}

/**
 * Each fixture is a page in its own browser context, already signed in as that role, so one test
 * can hold several people at once (the boss watching while on-call acts).
 */
export const test = base.extend<SignedInFixtures>({
  viewerPage: async ({ browser, baseURL }, use) => {
    await withSignedInPage(browser, baseURL, LAB_PEOPLE.viewer, use);
  },
  operatorPage: async ({ browser, baseURL }, use) => {
    await withSignedInPage(browser, baseURL, LAB_PEOPLE.operator, use);
  },
  adminPage: async ({ browser, baseURL }, use) => {
    await withSignedInPage(browser, baseURL, LAB_PEOPLE.admin, use);
  },
});

export { expect };
