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
  // this very sign-in is in the log
  await page.getByLabel("User").selectOption(LAB_PEOPLE.operator);
  await page.getByLabel("Action").selectOption("sign-in");
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
