import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rootConnection } from "@/lab";
import { startReceiver, type Receiver } from "./alerts-webhook-receiver";
import { asRoot, paths, secrets, serverState } from "./failover-helpers";
import { scenario, waitFor } from "./lab";
import { TwoConsoles, type ConsoleName } from "./two-consoles";

/**
 * Two real consoles (`next start`) on one real PostgreSQL store, watching the test lab: what one
 * writes the other reads within a second, each keeps its own maintenance flag file, a failover
 * asked of both at the same instant runs once, an alert episode pages once across the pair, also
 * when the leader dies in the middle of it, and a switch whose leader dies mid-way is recovered by
 * the other console.
 */
describe("two consoles share one store", () => {
  let consoles: TwoConsoles;
  let receiver: Receiver;
  const other = (name: ConsoleName): ConsoleName => (name === "a" ? "b" : "a");
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, any> });
  const asOperator = (name: ConsoleName, urlPath: string, method: string, body?: unknown) =>
    consoles.fetchWithToken(name, urlPath, "lab-operator", {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const asViewer = async (name: ConsoleName, urlPath: string) => json(await consoles.fetchWithToken(name, urlPath));
  /** Poll `read` on a console until `done` holds; the ms it took. */
  async function within(ms: number, what: string, read: () => Promise<boolean>): Promise<number> {
    const started = performance.now();
    while (performance.now() - started < ms) {
      if (await read()) return performance.now() - started;
      await sleep(25);
    }
    throw new Error(`${what}: not seen within ${ms} ms`);
  }
  const notices = (event: string) => receiver.received.filter((r) => r.body.event === event && r.body.rule === "replication_stopped" && r.body.serverId === "db4");

  beforeAll(async () => {
    receiver = await startReceiver();
    consoles = await TwoConsoles.start({
      configure: (lab) => ({
        ...lab,
        alerts: {
          webhooks: [{ url: receiver.url("/json"), format: "json" }],
          rules: { replication_stopped: { forSeconds: 2, resolveSeconds: 1 }, replica_lagging: { enabled: false } },
          delivery: { backoffMs: 200, maxBackoffMs: 1000, maxAttempts: 5 },
        },
        // a catch-up wait longer than the test, so that a kill lands inside it
        failover: { ...(lab.failover as object | undefined), catchUpTimeoutMs: 60_000 },
      }),
    });
    await within(20_000, "one leader", async () => (await consoles.leaders()).length === 1);
  });

  afterAll(async () => {
    scenario("start-sql", "db4");
    await asOperator("a", "/api/maintenance", "PUT", { enabled: false }).catch(() => undefined);
    await consoles?.stop();
    await receiver?.close();
  });

  it("maintenance switched on through A is on through B within a second, and both keep their own flag file", async () => {
    const put = await asOperator("a", "/api/maintenance", "PUT", { enabled: true, message: "Two consoles test" });
    expect(put.status).toBe(200);
    const took = await within(1000, "maintenance on through b", async () => (await asViewer("b", "/api/maintenance")).body.enabled === true);
    expect(took).toBeLessThan(1000);
    expect((await asViewer("b", "/api/maintenance")).body.message).toBe("Two consoles test");
    const flag = (name: ConsoleName) => path.join(consoles.consoles[name].dir, "maintenance.flag");
    await within(3000, "both flag files", async () => fs.existsSync(flag("a")) && fs.existsSync(flag("b")));

    expect((await asOperator("b", "/api/maintenance", "PUT", { enabled: false })).status).toBe(200);
    await within(1000, "maintenance off through a", async () => (await asViewer("a", "/api/maintenance")).body.enabled === false);
    await within(3000, "both flag files gone", async () => !fs.existsSync(flag("a")) && !fs.existsSync(flag("b")));
  });

  it("an incident opened through B and an override set through A are read through the other within a second", async () => {
    const opened = await json(await asOperator("b", "/api/incidents", "POST", { name: "Two consoles incident", body: "Looking into it" }));
    expect(opened.status).toBe(201);
    const id = opened.body.incident.id;
    await within(1000, "the incident through a", async () => (await asViewer("a", "/api/incidents")).body.incidents.some((i: { id: number }) => i.id === id));

    expect((await asOperator("a", "/api/status/components/background-jobs/override", "PUT", { status: "partial_outage", note: "queue stuck" })).status).toBe(200);
    const shown = async (name: ConsoleName) => JSON.stringify((await json(await consoles.fetch(name, "/api/status/summary.json"))).body);
    await within(1000, "the override on b's public status", async () => (await shown("b")).includes("partial_outage"));
    expect((await asOperator("b", "/api/status/components/background-jobs/override", "DELETE")).status).toBe(200);
    await within(1000, "the override gone on a", async () => !(await shown("a")).includes("partial_outage"));
  });

  it("a failover asked of both consoles at the same instant runs once: one 200, one 409 failover_in_progress; both show the run", async () => {
    const [ra, rb] = await Promise.all((["a", "b"] as const).map(async (name) => json(await asOperator(name, "/api/failover", "POST", { candidate: "db2", mode: "graceful" }))));
    const statuses = [ra.status, rb.status].sort();
    expect(statuses, JSON.stringify([ra.body, rb.body])).toEqual([200, 409]);
    const loser = ra.status === 409 ? ra : rb;
    expect(loser.body.error.rule).toBe("failover_in_progress");
    const winner = ra.status === 200 ? ra : rb;
    const runId = winner.body.run?.id ?? winner.body.id;
    const since = new Date(Date.now() - 60_000).toISOString();
    for (const name of ["a", "b"] as const) {
      // both requests' audit entries, whichever console took each, read through either
      const audit = await json(await consoles.fetchWithToken(name, `/api/audit?action=failover&since=${since}`, "lab-operator"));
      expect((audit.body.entries as { result: string }[]).map((e) => e.result).sort()).toEqual(["ok", "refused"]);
      await within(1000, `the writer db2 through ${name}`, async () => (await asViewer(name, "/api/topology/writer")).body.id === "db2");
      const runs = (await asViewer(name, "/api/failover")).body.runs as { id: number; status: string }[];
      expect(runs.find((r) => r.id === runId)?.status).toBe("ok");
    }
    // and back, inside the anti-flapping window: acknowledged
    const back = await json(await asOperator("b", "/api/failover", "POST", { candidate: "db1", mode: "graceful", acknowledge: true }));
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    await within(1000, "the writer db1 through a", async () => (await asViewer("a", "/api/topology/writer")).body.id === "db1");
  }, 90_000);

  it("an alert episode pages once across the pair, also when the leader is killed in the middle of it", async () => {
    scenario("stop-sql", "db4");
    await waitFor(() => notices("firing").length > 0, 30_000, "replication_stopped firing");
    const [leader] = await consoles.leaders();
    await consoles.kill(leader, "SIGKILL");
    await consoles.waitForLeader(other(leader), 5000);
    await sleep(4000); // the new leader evaluates a few times with the episode open
    expect(notices("firing")).toHaveLength(1);

    scenario("start-sql", "db4");
    await waitFor(() => notices("resolved").length > 0, 30_000, "replication_stopped resolved");
    await sleep(3000);
    expect(notices("firing")).toHaveLength(1);
    expect(notices("resolved")).toHaveLength(1);
    await consoles.restart(leader);
  }, 120_000);

  it("a leader killed mid-switch: the other console leads, recovers the run as interrupted, and the next switch goes through", async () => {
    const table = "shop.two_consoles_probe";
    await asRoot("db1", `CREATE TABLE IF NOT EXISTS ${table} (id INT UNSIGNED NOT NULL PRIMARY KEY) ENGINE=InnoDB`);
    await waitFor(async () => (await asRoot("db2", "SHOW TABLES FROM shop LIKE 'two_consoles_probe'")).length === 1, 10_000, "the table on db2");
    // Hold db2's SQL thread on a write of db1's: the switch waits in its catch-up step.
    const lock = await rootConnection(paths().servers.db2, secrets().rootPassword, 2000);
    const [leader] = await consoles.leaders();
    const survivor = other(leader);
    type Run = { id: number; status: string; message: string | null; steps: { name: string; status: string }[] };
    const runs = async () => (await asViewer(survivor, "/api/failover")).body.runs as Run[];
    try {
      await lock.query(`LOCK TABLES ${table} WRITE`);
      await asRoot("db1", `INSERT INTO ${table} (id) VALUES (1)`);
      void asOperator(leader, "/api/failover", "POST", { candidate: "db2", mode: "graceful", acknowledge: true }).catch(() => undefined);
      let running: Run | undefined;
      await within(20_000, "the switch waiting for db2 to catch up", async () => {
        running = (await runs()).find((r) => r.status === "running" && r.steps.some((s) => s.name === "wait_catch_up" && s.status === "running"));
        return !!running;
      });
      await consoles.kill(leader, "SIGKILL");
      await consoles.waitForLeader(survivor, 5000);
      await within(15_000, "the run recovered by the new leader", async () => (await runs()).find((r) => r.id === running!.id)?.status === "interrupted");
      const recovered = (await runs()).find((r) => r.id === running!.id)!;
      expect(recovered.message).toMatch(/Recovery: db2 was never made writable, so the switch was undone: db1 takes writes again/);
      expect((await serverState("db1")).readOnly).toBe(false);
      expect((await serverState("db2")).readOnly).toBe(true);
      expect((await asViewer(survivor, "/api/topology/writer")).body.id).toBe("db1");
    } finally {
      await lock.query("UNLOCK TABLES").catch(() => undefined);
      lock.destroy();
      await asRoot("db1", `DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    }
    // Nothing left blocking: the next switch goes through at once, and back.
    for (const candidate of ["db2", "db1"]) {
      const r = await json(await asOperator(survivor, "/api/failover", "POST", { candidate, mode: "graceful", acknowledge: true }));
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    expect((await asViewer(survivor, "/api/topology/writer")).body.id).toBe("db1");
    await consoles.restart(leader);
  }, 120_000);
});
