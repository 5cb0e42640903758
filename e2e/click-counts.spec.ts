import fs from "node:fs";
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { freeze, labPaths, rogueQuery, rootConnection, scenario, startBatchLag, startSql, stopSql, thaw, type LabServerId, testLab } from "@/lab";
import { expect, labDir, labSecrets, test } from "./fixtures";

// The story's moves, counted from the dashboard on a desktop and on a 390 px phone: each fails
// above its budget of clicks, its confirmation or acknowledgement counted apart (and never left
// out), and each checks what the server really did. The lab is left as found: db1 the writer and
// thawed, maintenance off, the replicas applying, no rogue query, no open incident.

const lab = testLab();
const VIEWPORTS = [
  { name: "desktop", size: { width: 1280, height: 800 } },
  { name: "phone", size: { width: 390, height: 844 } },
] as const;
type Viewport = (typeof VIEWPORTS)[number];

/** Clicks from the dashboard per move (the confirmation or acknowledgement comes on top). */
const BUDGET = { lag: 1, kill: 2, maintenance: 1, failover: 2, failback: 2, incident: 1 } as const;
/** Each viewport's own rogue query, started together so that their minute passes once. */
const ROGUE_ON: Record<Viewport["name"], LabServerId> = { desktop: "db1", phone: "db3" };
const ROGUE_LIKE = "%SLEEP(86400) AS backfill%";

function operator(): Record<string, string> {
  return { authorization: `Bearer ${labSecrets().tokens["lab-operator"]}` };
}

async function asRoot<T>(id: LabServerId, sql: string, params: unknown[] = []): Promise<T> {
  const { rootPassword } = JSON.parse(fs.readFileSync(`${labDir}/lab-secrets.json`, "utf8")) as { rootPassword: string };
  const conn = await rootConnection(labPaths(lab).servers[id], rootPassword);
  try {
    return (await conn.query(sql, params))[0] as T;
  } finally {
    conn.destroy();
  }
}

const rogueThreads = (id: LabServerId) =>
  asRoot<{ ID: number }[]>(id, "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE ? AND ID <> CONNECTION_ID()", [ROGUE_LIKE]);

async function killRogueQueries(): Promise<void> {
  for (const id of Object.values(ROGUE_ON)) for (const t of await rogueThreads(id).catch(() => [])) await asRoot(id, `KILL ${t.ID}`).catch(() => undefined);
}

async function publishedWriter(request: APIRequestContext): Promise<string | null> {
  const res = await request.get("/api/topology/writer", { headers: operator() });
  return res.ok() ? ((await res.json()) as { id: string }).id : null;
}

async function maintenanceOff(request: APIRequestContext): Promise<void> {
  expect((await request.put("/api/maintenance", { headers: operator(), data: { enabled: false } })).status()).toBe(200);
}

async function openIncidents(request: APIRequestContext): Promise<{ id: number; name: string; status: string }[]> {
  const res = await request.get("/api/incidents", { headers: operator() });
  expect(res.ok()).toBeTruthy();
  return ((await res.json()) as { incidents: { id: number; name: string; status: string }[] }).incidents.filter((i) => i.status !== "resolved");
}

async function resolveOpenIncidents(request: APIRequestContext): Promise<void> {
  for (const i of await openIncidents(request)) await request.post(`/api/incidents/${i.id}/updates`, { headers: operator(), data: { status: "resolved", body: "Resolved." } });
}

/** Waits until the plan to `candidate` is allowed (an old writer back from a freeze catches up first). */
async function planAllowed(request: APIRequestContext, candidate: string, timeout = 60_000): Promise<void> {
  await expect
    .poll(async () => ((await (await request.post("/api/failover/plan", { headers: operator(), data: { candidate } })).json()) as { allowed?: boolean }).allowed ?? false, {
      timeout,
      intervals: [1000],
    })
    .toBe(true);
}

/** Whatever happened in a test: db1 thawed and the writer again, through the same guarded API. */
async function backToDb1(request: APIRequestContext): Promise<void> {
  await thaw("db1", lab).catch(() => undefined);
  if ((await publishedWriter(request)) === "db1") return;
  await planAllowed(request, "db1", 90_000);
  const res = await request.post("/api/failover", { headers: operator(), data: { candidate: "db1", mode: "graceful", acknowledge: ["flap_window"] } });
  expect(res.status(), await res.text()).toBe(200);
}

/**
 * A person's moves on a page: clicks, and apart from them the confirmations and acknowledgements
 * a guarded action asks for. The page counts every click it receives too (across navigations),
 * so a move cannot pass with a click the count left out.
 */
class Moves {
  clicks = 0;
  confirmations = 0;
  acknowledgements = 0;

  private constructor(private readonly page: Page) {}

  /** Starts counting on a page already showing where the move begins. */
  static async start(page: Page): Promise<Moves> {
    await page.evaluate(() => sessionStorage.setItem("e2e-clicks", "0"));
    return new Moves(page);
  }

  async click(target: Locator): Promise<void> {
    await target.click();
    this.clicks += 1;
  }

  async confirm(target: Locator): Promise<void> {
    await target.click();
    this.confirmations += 1;
  }

  async acknowledge(target: Locator): Promise<void> {
    await target.check();
    this.acknowledgements += 1;
  }

  /** Every click the page saw since the start, ours or not. */
  async seenByPage(): Promise<number> {
    return this.page.evaluate(() => Number(sessionStorage.getItem("e2e-clicks") ?? "0"));
  }

  /** Fails above the budget, or when the page saw a click the count does not hold. */
  async expectWithin(viewport: Viewport, move: keyof typeof BUDGET, guard: { confirmations?: number; acknowledgements?: "at least one" }): Promise<void> {
    const line = `${viewport.name} ${move}: ${this.clicks} click(s) + ${this.confirmations} confirmation(s) + ${this.acknowledgements} acknowledgement(s), budget ${BUDGET[move]}`;
    console.log(`[click-counts] ${line}`);
    test.info().annotations.push({ type: "clicks", description: line });
    expect(await this.seenByPage(), `every click the page saw is counted (${line})`).toBe(this.clicks + this.confirmations + this.acknowledgements);
    expect(this.clicks, line).toBeLessThanOrEqual(BUDGET[move]);
    if (guard.confirmations !== undefined) expect(this.confirmations, `${line}: the confirmation stays`).toBe(guard.confirmations);
    if (guard.acknowledgements) expect(this.acknowledgements, `${line}: the acknowledgement stays`).toBeGreaterThanOrEqual(1);
  }
}

const counting = new WeakSet<Page>();

/** The page, at the viewport, on the dashboard, counting the clicks it receives (in sessionStorage, across documents). */
async function countingPage(page: Page, viewport: Viewport): Promise<Page> {
  await page.setViewportSize(viewport.size);
  if (!counting.has(page)) {
    counting.add(page);
    await page.addInitScript(() => {
      document.addEventListener(
        "click",
        () => sessionStorage.setItem("e2e-clicks", String(Number(sessionStorage.getItem("e2e-clicks") ?? "0") + 1)),
        true,
      );
    });
  }
  await page.goto("/");
  await expect(page.getByTestId("dashboard")).toBeVisible({ timeout: 30_000 });
  return page;
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  expect(await publishedWriter(request), "the lab starts with db1 the writer").toBe("db1");
  await maintenanceOff(request);
  await resolveOpenIncidents(request);
  await killRogueQueries();
  // Each viewport's rogue query starts now: its minute to become a problem passes during the lag move.
  for (const id of Object.values(ROGUE_ON)) await rogueQuery(id, lab);
});

test.afterAll(async ({ request }) => {
  test.setTimeout(150_000);
  await startSql("db4", lab).catch(() => undefined);
  await killRogueQueries();
  await maintenanceOff(request);
  await backToDb1(request);
  await resolveOpenIncidents(request);
});

test("see why a replica lags: one click from its problem row to who writes on its source", async ({ operatorPage }) => {
  test.setTimeout(240_000);
  // The lab's batch job writes on db1 while db4 applies nothing: db4 lags, the batch job is the writer.
  startBatchLag({ ...lab, seconds: 150 });
  await stopSql("db4", lab);
  try {
    for (const viewport of VIEWPORTS) {
      const page = await countingPage(operatorPage, viewport);
      const row = page.getByTestId("problem-replica_lagging-db4");
      await expect(row).toBeVisible({ timeout: 60_000 });
      const link = row.getByTestId("cause-writer-db4");
      await expect(link).toContainText("order_ledger", { timeout: 120_000 });
      const moves = await Moves.start(page);
      await moves.click(link);
      await expect(page).toHaveURL(/\/servers\/db1#writers$/);
      await expect(page.locator("#writers")).toBeInViewport();
      await expect(page.getByTestId("top-writers")).toContainText("order_ledger");
      await moves.expectWithin(viewport, "lag", {});
    }
  } finally {
    await scenario("stop-batch", [], lab);
    await startSql("db4", lab);
  }
});

test("kill the rogue query: its problem row's Kill, the confirmation, and it is gone from the server", async ({ operatorPage }) => {
  test.setTimeout(200_000);
  for (const viewport of VIEWPORTS) {
    const server = ROGUE_ON[viewport.name];
    const page = await countingPage(operatorPage, viewport);
    const row = page.getByTestId(`problem-long_running_query-${server}`);
    // The lab's processlist.longQuerySeconds is the default 60 s.
    await expect(row).toBeVisible({ timeout: 100_000 });
    expect((await rogueThreads(server)).length).toBe(1);
    const moves = await Moves.start(page);
    await moves.click(row.getByTestId("problem-kill"));
    const dialog = page.getByTestId("kill-dialog");
    await expect(dialog.getByTestId("kill-server")).toHaveText(server);
    await expect(dialog.getByTestId("kill-user")).toHaveText("root@localhost");
    await moves.confirm(dialog.getByRole("button", { name: "Kill query" }));
    await expect(dialog.getByTestId("kill-result")).toHaveAttribute("data-ok", "true");
    await moves.click(dialog.getByRole("button", { name: "Close" }));
    await expect.poll(async () => (await rogueThreads(server)).length, { timeout: 10_000 }).toBe(0);
    await expect(row).toHaveCount(0, { timeout: 15_000 });
    await moves.expectWithin(viewport, "kill", { confirmations: 1 });
  }
});

test("maintenance on: the dashboard's switch and the confirmation, and the API says it is on", async ({ operatorPage, request }) => {
  for (const viewport of VIEWPORTS) {
    try {
      const page = await countingPage(operatorPage, viewport);
      const sw = page.getByTestId("dashboard-maintenance-switch");
      await expect(sw).toHaveAttribute("data-state", "off");
      const moves = await Moves.start(page);
      await moves.click(sw.getByRole("button", { name: "Turn maintenance on…" }));
      const dialog = page.getByRole("dialog", { name: "Put the site into maintenance?" });
      await expect(dialog).toBeVisible();
      await moves.confirm(dialog.getByRole("button", { name: "Turn maintenance on" }));
      await expect(dialog).toBeHidden();
      await expect(sw).toHaveAttribute("data-state", "on");
      await expect(page.getByTestId("maintenance-banner")).toHaveAttribute("data-state", "on");
      expect(((await (await request.get("/api/maintenance")).json()) as { enabled: boolean }).enabled).toBe(true);
      await moves.expectWithin(viewport, "maintenance", { confirmations: 1 });
    } finally {
      await maintenanceOff(request);
    }
  }
});

test("the boss sees neither the maintenance switch nor the writer switch on the dashboard", async ({ viewerPage: page }) => {
  await page.goto("/");
  await expect(page.getByTestId("summary-pair")).toHaveText("db1 ⇄ db2");
  await expect(page.getByTestId("dashboard-maintenance-switch")).toHaveCount(0);
  await expect(page.locator('[data-testid^="switch-writer-to-"]')).toHaveCount(0);
});

for (const viewport of VIEWPORTS) {
  test(`${viewport.name}: db1 frozen, open an incident, fail over to db2, then fail back to db1`, async ({ operatorPage, request }) => {
    test.setTimeout(300_000);
    expect(await publishedWriter(request)).toBe("db1");
    const page = await countingPage(operatorPage, viewport);
    await expect(page.getByTestId("server-card-db1")).toHaveAttribute("data-reachable", "true");
    await freeze("db1", lab);
    try {
      const headline = page.getByTestId("problem-no_writer");
      await expect(headline).toBeVisible({ timeout: 30_000 });

      // Open an incident from the critical problem.
      const incident = await Moves.start(page);
      await incident.click(headline.getByTestId("open-incident-from-no_writer"));
      const dialog = page.getByRole("dialog", { name: "Open a public incident?" });
      const title = await dialog.getByLabel("Title (public)").inputValue();
      expect(title).not.toBe("");
      await incident.confirm(dialog.getByRole("button", { name: "Open incident" }));
      await expect(dialog).toBeHidden();
      await expect(headline.getByTestId("incident-opened")).toContainText(title);
      expect((await openIncidents(request)).map((i) => i.name)).toContain(title);
      await incident.expectWithin(viewport, "incident", { confirmations: 1 });

      // Fail over to the co-master: the plan is checked on arrival, on-call acknowledges and switches.
      const failover = await Moves.start(page);
      await failover.click(headline.getByTestId("problem-failover"));
      await expect(page).toHaveURL(/\/failover\?candidate=db2$/);
      const plan = page.getByTestId("failover-plan");
      await expect(plan).toHaveAttribute("data-allowed", "true", { timeout: 30_000 });
      await expect(plan).toContainText("emergency");
      const acks = page.getByTestId("failover-switch").getByRole("checkbox");
      for (const ack of await acks.all()) await failover.acknowledge(ack);
      await failover.click(page.getByRole("button", { name: /^Switch the writer to db2/ }));
      await expect(page.getByTestId("failover-run")).toHaveAttribute("data-status", "ok", { timeout: 30_000 });
      expect(await publishedWriter(request)).toBe("db2");
      await failover.expectWithin(viewport, "failover", { acknowledgements: "at least one" });
    } finally {
      await thaw("db1", lab);
    }

    // Fail back once db1, fenced read-only on its return, has caught up with db2.
    await planAllowed(request, "db1");
    await page.goto("/");
    const link = page.getByTestId("switch-writer-to-db1");
    await expect(link).toBeVisible({ timeout: 30_000 });
    const failback = await Moves.start(page);
    await failback.click(link);
    await expect(page).toHaveURL(/\/failover\?candidate=db1$/);
    await expect(page.getByTestId("failover-plan")).toHaveAttribute("data-allowed", "true", { timeout: 30_000 });
    // The switch moments ago asks for its acknowledgement (the anti-flapping window).
    const acks = page.getByTestId("failover-switch").getByRole("checkbox");
    for (const ack of await acks.all()) await failback.acknowledge(ack);
    await failback.click(page.getByRole("button", { name: /^Switch the writer to db1/ }));
    await expect(page.getByTestId("failover-run")).toHaveAttribute("data-status", "ok", { timeout: 30_000 });
    expect(await publishedWriter(request)).toBe("db1");
    await failback.expectWithin(viewport, "failback", { acknowledgements: "at least one" });
    await resolveOpenIncidents(request);
  });
}
