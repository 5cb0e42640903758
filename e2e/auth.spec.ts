import { LAB_PEOPLE, expect, labSecrets, test } from "./fixtures";

// Sign-in, roles and the audit trail, through the real login page, as the story's three people.

test("signed out: pages go to the login page, public endpoints answer, the API says 401", async ({ page, request }) => {
  await page.goto("/audit");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faudit$/);
  await expect(page.getByRole("heading", { name: "Sign in to the console" })).toBeVisible();

  expect((await request.get("/api/health")).status()).toBe(200);
  const topology = await request.get("/api/topology");
  expect(topology.status()).toBe(401);
  expect(await topology.json()).toEqual({ error: { code: "unauthorized", message: "Sign in or send a valid API token" } });

  const headers = (await request.get("/login")).headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
});

test("a wrong password is refused with a plain message", async ({ page }) => {
  await page.goto("/login");
  // an unknown user: a real one would count towards its own sign-in limit on a reused server
  await page.getByLabel("Username").fill("nobody-e2e");
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#login-error")).toHaveText("Wrong username or password.");
  await expect(page).toHaveURL(/\/login/);
});

test("sign-in returns to the page asked for, and sign-out ends the session", async ({ page }) => {
  await page.goto("/audit?result=denied");
  await page.getByLabel("Username").fill(LAB_PEOPLE.operator);
  await page.getByLabel("Password").fill(labSecrets().users[LAB_PEOPLE.operator]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/audit\?result=denied$/);
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  expect((await page.request.get("/api/topology")).status()).toBe(401);
});

test("the boss (viewer) sees the console but not the audit log, and cannot act", async ({ viewerPage: page }) => {
  await expect(page.getByTestId("user-role")).toHaveText("viewer");
  expect((await page.request.get("/api/topology")).status()).toBe(200);

  await page.goto("/audit");
  await expect(page.getByTestId("audit-forbidden")).toContainText("needs the operator role");
  await expect(page.getByTestId("audit-table")).toHaveCount(0);
  const audit = await page.request.get("/api/audit");
  expect(audit.status()).toBe(403);
  expect((await audit.json()).error.code).toBe("forbidden");
});

test("a viewer's refused action changes nothing and the on-call engineer sees it in the audit log", async ({ viewerPage, operatorPage }) => {
  const before = await viewerPage.request.get("/api/maintenance");
  expect(before.status()).toBe(200);
  const stateBefore = await before.json();

  // from the viewer's own page, so the browser sends the session cookie and its real Origin
  const refused = await viewerPage.evaluate(async () => {
    const res = await fetch("/api/maintenance", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ enabled: true, message: "e2e: must not happen" }),
    });
    return { status: res.status, body: await res.json() };
  });
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe("forbidden");
  expect(await (await viewerPage.request.get("/api/maintenance")).json()).toEqual(stateBefore);

  await operatorPage.goto("/audit?user=boss&result=denied");
  const row = operatorPage.getByTestId("audit-row").first();
  await expect(row).toContainText("boss");
  await expect(row).toContainText("denied");
  await expect(row).toContainText("operator role");
});

test("the on-call engineer (operator) reads and filters the audit log and exports it", async ({ operatorPage: page }) => {
  await expect(page.getByTestId("user-role")).toHaveText("operator");
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  // the filters are picked once the page has hydrated (before, React resets an uncontrolled select)
  await page.waitForLoadState("networkidle");
  // this very sign-in is in the log
  await page.getByLabel("User").selectOption(LAB_PEOPLE.operator);
  await page.getByLabel("Action").selectOption("sign-in");
  await expect(page.getByLabel("User")).toHaveValue(LAB_PEOPLE.operator);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/user=oncall/);
  await expect(page.getByTestId("audit-row").first()).toContainText("sign-in");
  const rows = page.getByTestId("audit-row");
  for (const actor of await rows.locator("td:nth-child(2)").allTextContents()) expect(actor).toBe("oncall");

  const csvHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  expect(csvHref).toContain("user=oncall");
  const csv = await page.request.get(csvHref!);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect((await csv.text()).split("\r\n")[0]).toBe("id,at,actor,role,via,action,server_id,params,result,error,duration_ms,ip");
  const json = await page.request.get((await page.getByRole("link", { name: "Export JSON" }).getAttribute("href"))!);
  expect((await json.json()).entries[0].actor).toBe("oncall");
});

test("the CTO (admin) is signed in as admin and may read the audit log", async ({ adminPage: page }) => {
  await expect(page.getByTestId("user-name")).toHaveText("cto");
  await expect(page.getByTestId("user-role")).toHaveText("admin");
  expect((await page.request.get("/api/audit?limit=1")).status()).toBe(200);
});

// The runbook editor is the admin's alone (app/(console)/runbooks/[slug]: rendered only for admins;
// PUT /api/runbooks/{slug} needs admin too). The viewer's missing Kill buttons, maintenance switch
// and failover controls are checked in processlist.spec.ts, maintenance.spec.ts and failover.spec.ts.
const RUNBOOK = "/runbooks/replication-stopped";

/** PUT/DELETE from the signed-in page itself, so the browser sends the session cookie and its Origin. */
async function runbookRequest(page: import("@playwright/test").Page, method: "PUT" | "DELETE", body?: unknown) {
  return page.evaluate(
    async ({ url, method, body }) => {
      const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      return res.status;
    },
    { url: `/api${RUNBOOK}`, method, body },
  );
}

test("the CTO (admin) edits a runbook, sees the edit, and resets it to the shipped default", async ({ adminPage: page }) => {
  const mark = `e2e edit ${Date.now()}`;
  await page.goto(RUNBOOK);
  await expect(page.getByTestId("runbook-title")).toBeVisible();
  try {
    await page.getByRole("button", { name: "Edit runbook" }).click();
    const editor = page.getByTestId("runbook-editor");
    await expect(editor).toBeVisible();
    const textarea = editor.getByLabel("Runbook (Markdown)");
    await textarea.fill(`${await textarea.inputValue()}\n\n${mark}\n`);
    await editor.getByRole("button", { name: "Save runbook" }).click();
    await expect(editor.getByRole("status")).toHaveText("Saved.");
    await expect(page.getByTestId("runbook-body")).toContainText(mark);
    await expect(page.getByText("edited by cto")).toBeVisible();
    // A fresh load serves the saved version.
    await page.reload();
    await expect(page.getByTestId("runbook-body")).toContainText(mark);

    await page.getByRole("button", { name: "Reset to default" }).click();
    await expect(page.getByRole("status")).toHaveText("Back to the shipped default.");
    await expect(page.getByText("shipped default", { exact: true })).toBeVisible();
    await expect(page.getByTestId("runbook-body")).not.toContainText(mark);
  } finally {
    // Leave the shipped default whatever failed above (a reset of a default is harmless).
    expect([200, 204, 404]).toContain(await runbookRequest(page, "DELETE"));
  }
});

test("the on-call engineer (operator) and the boss (viewer) read a runbook but get no editor, and the API refuses the edit", async ({ operatorPage, viewerPage }) => {
  for (const page of [operatorPage, viewerPage]) {
    await page.goto(RUNBOOK);
    await expect(page.getByTestId("runbook-body")).toBeVisible();
    await expect(page.getByRole("button", { name: "Edit runbook" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Save runbook" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Reset to default" })).toHaveCount(0);
    await expect(page.getByTestId("runbook-editor")).toHaveCount(0);
    expect(await runbookRequest(page, "PUT", { title: "e2e: must not happen", body: "must not happen" })).toBe(403);
    await page.reload();
    await expect(page.getByTestId("runbook-body")).not.toContainText("must not happen");
  }
});
