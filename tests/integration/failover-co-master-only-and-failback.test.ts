import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCollector } from "@/lib/collector";
import { rootConnection, type LabServerId } from "@/lab";
import { closeQuietly, openConnection, query, type Connection } from "@/lib/mysql";
import { repointReplicaSql } from "@/lib/mysql/failover";
import { gtidCovers } from "@/lib/actions/failover";
import { getPublishedWriter, publishWriter } from "@/lib/writer";
import { requestAs, useLabConfig } from "./auth-helpers";
import { asRoot, paths, portOf, secrets, serverState, SERVERS } from "./failover-helpers";
import { labConfig, scenario, waitFor } from "./lab";

/**
 * The story's failover, against the lab's real servers, under a write workload that follows the
 * published writer: refused to a plain replica; graceful to the co-master with no acknowledged
 * write lost; failback; emergency with the master frozen; each time all four servers end up with
 * the same data. The lab is left as found: db1 the writer, db2-4 replicating from it.
 */

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const TABLE = "shop.failover_probe";

let planRoute: { POST: Handler };
let failoverRoute: { GET: Handler; POST: Handler };
let writerRoute: { GET: Handler };
const noParams = { params: Promise.resolve({}) };

async function call(route: Handler, credentialRole: "viewer" | "operator", url: string, method = "GET", body?: unknown) {
  const req = await requestAs({ kind: "token", role: credentialRole }, url, { method, body });
  const res = await route(req, noParams);
  return { status: res.status, body: await res.json() };
}

const plan = (candidate: string, extra: Record<string, unknown> = {}) => call(planRoute.POST, "operator", "/api/failover/plan", "POST", { candidate, ...extra });
const failover = (body: Record<string, unknown>) => call(failoverRoute.POST, "operator", "/api/failover", "POST", body);
const publishedWriter = async () => (await call(writerRoute.GET, "viewer", "/api/topology/writer")).body as { id: string; host: string; port: number };


/** Wait until every server has applied the writer's whole binlog, then compare the probe rows and checksums. */
async function expectConsistent(writer: LabServerId, acked: number[]) {
  const target = (await serverState(writer)).binlog;
  await waitFor(async () => {
    for (const id of SERVERS) if (!gtidCovers((await serverState(id)).pos, target)) return false;
    return true;
  }, 30_000, `every server at ${writer}'s position ${target}`);
  for (const id of SERVERS) {
    const rows = await asRoot<{ id: number }[]>(id, `SELECT id FROM ${TABLE}`);
    const have = new Set(rows.map((r) => Number(r.id)));
    const lost = acked.filter((a) => !have.has(a));
    expect(lost, `acknowledged writes missing on ${id}`).toEqual([]);
  }
  // The demo shop keeps writing shop.products meanwhile: the servers read one after another agree
  // once replication has caught up with the writes made between two reads, so ask until they do.
  let checksums: Record<string, string> = {};
  const agree = async () => {
    checksums = {};
    for (const id of SERVERS) {
      const all = await asRoot<{ Table: string; Checksum: number }[]>(id, `CHECKSUM TABLE ${TABLE}, shop.products`);
      checksums[id] = all.map((r) => `${r.Table}=${r.Checksum}`).join(" ");
    }
    return new Set(Object.values(checksums)).size === 1;
  };
  const deadline = Date.now() + 15_000;
  while (!(await agree()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  expect(new Set(Object.values(checksums)).size, JSON.stringify(checksums)).toBe(1);
}

/**
 * The application: inserts sequential ids through whichever server the published writer names,
 * asking the writer route before every write, and records every acknowledged id. A failed id is
 * never retried (it may still commit later, e.g. on a thawed server).
 */
class ProbeWorkload {
  acked: number[] = [];
  ackedAt: number[] = [];
  errors = 0;
  writtenOn = new Map<string, number>();
  private next = 1;
  private running = false;
  private loop: Promise<void> | null = null;
  private conns = new Map<string, Connection>();

  constructor(start: number) {
    this.next = start;
  }

  private async conn(w: { id: string; host: string; port: number }): Promise<Connection> {
    const existing = this.conns.get(w.id);
    if (existing) return existing;
    const c = await openConnection({ host: w.host, port: w.port, user: "app", password: secrets().appPassword }, { connectTimeoutMs: 1000 });
    this.conns.set(w.id, c);
    return c;
  }

  start() {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const id = this.next++;
        let w: { id: string; host: string; port: number } | null = null;
        try {
          w = await publishedWriter();
          const c = await this.conn(w);
          await query(c, `INSERT INTO ${TABLE} (id, written_on) VALUES (?, ?)`, [id, w.id], 1500);
          this.acked.push(id);
          this.ackedAt.push(performance.now());
          this.writtenOn.set(w.id, (this.writtenOn.get(w.id) ?? 0) + 1);
        } catch {
          this.errors++;
          if (w) {
            const c = this.conns.get(w.id);
            if (c) closeQuietly(c);
            this.conns.delete(w.id);
          }
          await new Promise((r) => setTimeout(r, 20));
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
  }

  async stop() {
    this.running = false;
    await this.loop;
    for (const c of this.conns.values()) closeQuietly(c);
    this.conns.clear();
  }

  /** Longest time between two acknowledged writes: the write-unavailability window. */
  longestGapMs(): number {
    let gap = 0;
    for (let i = 1; i < this.ackedAt.length; i++) gap = Math.max(gap, this.ackedAt[i] - this.ackedAt[i - 1]);
    return gap;
  }

  get nextId() {
    return this.next;
  }
}

async function waitForAcks(w: ProbeWorkload, n: number) {
  const target = w.acked.length + n;
  await waitFor(() => w.acked.length >= target, 20_000, `${n} more acknowledged writes`);
}

/** Best effort: the lab as the other suites expect it, whatever happened above. */
async function restoreLab() {
  try {
    scenario("thaw", "db1");
  } catch {
    // not frozen
  }
  try {
    const db1 = await serverState("db1");
    const db2 = await serverState("db2");
    if (db1.readOnly || !db2.readOnly) {
      await asRoot("db2", "SET GLOBAL read_only = ON");
      await waitFor(async () => gtidCovers((await serverState("db1")).pos, (await serverState("db2")).binlog), 20_000, "db1 caught up");
      await asRoot("db1", "SET GLOBAL read_only = OFF");
    }
    for (const id of ["db3", "db4"] as const) {
      if ((await serverState(id)).sourcePort !== portOf("db1")) {
        for (const { sql, params } of repointReplicaSql("mariadb", { host: "127.0.0.1", port: portOf("db1") })) await asRoot(id, sql, params);
      }
    }
    if ((await getPublishedWriter())?.id !== "db1") await publishWriter("db1", { actor: "test-restore" });
  } catch (err) {
    console.error("restoring the lab failed:", err);
  }
}

describe("failover of the writer to its co-master, and back", () => {
  let workload: ProbeWorkload;
  /** A new workload after the previous one, stopped first so that ids never collide. */
  async function freshWorkload() {
    await workload.stop();
    workload = new ProbeWorkload(workload.nextId + 1000);
    workload.start();
  }

  beforeAll(async () => {
    useLabConfig();
    planRoute = (await import("@/app/api/failover/plan/route")) as unknown as typeof planRoute;
    failoverRoute = (await import("@/app/api/failover/route")) as unknown as typeof failoverRoute;
    writerRoute = (await import("@/app/api/topology/writer/route")) as unknown as typeof writerRoute;
    const collector = getCollector();
    await waitFor(() => collector.topology().writer === "db1" && collector.topology().servers.every((s) => s.reachable), 20_000, "the lab polled, db1 the writer");
    // A previous run that stopped half-way must not leave another writer published.
    const published = await getPublishedWriter();
    if (published && published.id !== "db1") await publishWriter("db1", { actor: "test-setup" });
    await asRoot("db1", `CREATE TABLE IF NOT EXISTS ${TABLE} (id INT UNSIGNED NOT NULL PRIMARY KEY, written_on VARCHAR(16) NOT NULL, at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)) ENGINE=InnoDB`);
    await asRoot("db1", `GRANT SELECT, INSERT ON ${TABLE} TO 'app'@'127.0.0.1'`).catch(() => undefined);
    await asRoot("db1", `DELETE FROM ${TABLE}`);
    workload = new ProbeWorkload(1);
  });

  afterAll(async () => {
    await workload?.stop();
    await restoreLab();
    await asRoot("db1", `DROP TABLE IF EXISTS ${TABLE}`).catch(() => undefined);
    getCollector().stop();
  });

  it("refuses db3, a plain replica marked must_not, with the reason in words, and changes nothing", async () => {
    const before = await Promise.all(SERVERS.map(serverState));
    const p = await plan("db3");
    expect(p.status).toBe(200);
    expect(p.body.allowed).toBe(false);
    const co = p.body.checks.find((c: { name: string }) => c.name === "co_master");
    expect(co.ok).toBe(false);
    expect(co.detail).toMatch(/plain replica of db1.*out of sync.*Only db2/);
    expect(p.body.checks.find((c: { name: string }) => c.name === "promotion_allowed").ok).toBe(false);

    const r = await failover({ candidate: "db3", mode: "graceful" });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("conflict");
    expect(["promotion_must_not", "not_co_master"]).toContain(r.body.error.rule);
    expect(r.body.error.message).toMatch(/must_not|plain replica/);

    expect((await publishedWriter()).id).toBe("db1");
    const after = await Promise.all(SERVERS.map(serverState));
    expect(after.map((s) => [s.readOnly, s.sourcePort])).toEqual(before.map((s) => [s.readOnly, s.sourcePort]));
  });

  it("plans db2 with every check listed and its result", async () => {
    const p = await plan("db2");
    expect(p.status).toBe(200);
    expect(p.body.allowed).toBe(true);
    expect(p.body.mode).toBe("graceful");
    const names = p.body.checks.map((c: { name: string }) => c.name);
    for (const n of ["co_master", "candidate_reachable", "candidate_replication", "candidate_applied_received", "candidate_behind_writer", "candidate_binlog", "old_writer_reachable", "replicas"])
      expect(names).toContain(n);
    expect(p.body.checks.find((c: { name: string }) => c.name === "candidate_behind_writer").detail).toMatch(/db1 at 0-/);
    expect(p.body.steps[0]).toMatch(/Set db1 read-only/);
  });

  it("fails over gracefully to db2 under writes: no acknowledged write lost, all four servers equal", async () => {
    workload.start();
    await waitForAcks(workload, 40);
    // Another run of this suite minutes ago may still hold the anti-flapping window open.
    const flap = (await plan("db2")).body.requiresAcknowledgement.includes("flap_window");
    const r = await failover({ candidate: "db2", mode: "graceful", ...(flap ? { acknowledge: ["flap_window"] } : {}) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe("ok");
    expect(r.body.steps.map((s: { name: string }) => s.name)).toEqual([
      "old_writer_read_only",
      "final_position",
      "wait_catch_up",
      "candidate_writable",
      "publish",
      "repoint_replicas",
      "hooks",
    ]);
    for (const s of r.body.steps) expect(typeof s.durationMs).toBe("number");
    await waitForAcks(workload, 40);
    await workload.stop();
    console.log(`graceful switch db1 -> db2: longest gap between acknowledged writes ${workload.longestGapMs().toFixed(0)} ms (goal < 1000 ms)`);

    expect((await publishedWriter()).id).toBe("db2");
    expect(workload.writtenOn.get("db2")).toBeGreaterThan(0);
    const [db1, db2, db3, db4] = await Promise.all(SERVERS.map(serverState));
    expect(db1.readOnly).toBe(true);
    expect(db2.readOnly).toBe(false);
    expect(db3.sourcePort).toBe(portOf("db2"));
    expect(db4.sourcePort).toBe(portOf("db2"));
    expect(db1.sourcePort).toBe(portOf("db2"));
    await expectConsistent("db2", workload.acked);
  });

  it("refuses a second switch within the anti-flapping window unless acknowledged, then fails back to db1", async () => {
    const refused = await failover({ candidate: "db1", mode: "graceful" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.rule).toBe("flap_window");
    expect((await publishedWriter()).id).toBe("db2");

    await freshWorkload();
    await waitForAcks(workload, 30);
    const r = await failover({ candidate: "db1", mode: "graceful", acknowledge: ["flap_window"] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    await waitForAcks(workload, 30);
    await workload.stop();
    expect((await publishedWriter()).id).toBe("db1");
    const [db1, db2, db3, db4] = await Promise.all(SERVERS.map(serverState));
    expect([db1.readOnly, db2.readOnly, db3.readOnly, db4.readOnly]).toEqual([false, true, true, true]);
    expect([db2.sourcePort, db3.sourcePort, db4.sourcePort]).toEqual([portOf("db1"), portOf("db1"), portOf("db1")]);
    await expectConsistent("db1", workload.acked);
  });

  it("rolls back when db2 cannot catch up in time: db1 writable again, the published writer unchanged", async () => {
    const { runFailover } = await import("@/lib/actions/failover");
    const config = labConfig();
    await freshWorkload();
    await waitForAcks(workload, 10);
    // Hold db2's SQL thread: a table lock on the probe table, so db1's last inserts cannot be applied.
    const lock = await rootConnection(paths().servers.db2, secrets().rootPassword, 2000);
    try {
      await lock.query(`LOCK TABLES ${TABLE} WRITE`);
      await waitForAcks(workload, 5);
      const caller = { name: "oncall", role: "operator" as const, via: "token" as const };
      const err = await runFailover(
        { body: { candidate: "db2", mode: "graceful", acknowledge: true }, caller },
        { config: { ...config, failover: { ...config.failover, catchUpTimeoutMs: 1500 } } },
      ).then(
        () => null,
        (e: unknown) => e as { code: string; message: string; details: { run: { status: string; steps: { name: string; status: string }[] } } },
      );
      expect(err?.code).toBe("unavailable");
      expect(err!.message).toMatch(/Rolled back: db1 is still the published writer/);
      expect(err!.details.run.status).toBe("rolled_back");
      expect(err!.details.run.steps.map((s) => `${s.name}:${s.status}`)).toEqual([
        "old_writer_read_only:ok",
        "final_position:ok",
        "wait_catch_up:failed",
        "rollback_old_writer:ok",
      ]);
    } finally {
      await lock.query("UNLOCK TABLES").catch(() => undefined);
      lock.destroy();
    }
    expect((await publishedWriter()).id).toBe("db1");
    expect((await serverState("db1")).readOnly).toBe(false);
    expect((await serverState("db2")).readOnly).toBe(true);
    await waitForAcks(workload, 10);
    await workload.stop();
    expect(workload.writtenOn.get("db2") ?? 0).toBe(0);
    await expectConsistent("db1", workload.acked);
  });

  it("fails over in an emergency with db1 frozen, only when acknowledged, without hanging; db1 returns read-only; fails back", async () => {
    await freshWorkload();
    await waitForAcks(workload, 30);
    scenario("freeze", "db1");
    try {
      const graceful = await failover({ candidate: "db2", mode: "graceful", acknowledge: true });
      expect(graceful.status).toBe(409);
      expect(graceful.body.error.rule).toBe("writer_unreachable");

      const p = await plan("db2");
      expect(p.body.mode).toBe("emergency");
      expect(p.body.allowed).toBe(true);
      expect(p.body.requiresAcknowledgement).toContain("emergency_unacknowledged");
      expect(p.body.checks.find((c: { name: string }) => c.name === "candidate_behind_writer").detail).toMatch(/db1 is unreachable/);

      const unacknowledged = await failover({ candidate: "db2", mode: "emergency", acknowledge: ["flap_window"] });
      expect(unacknowledged.status).toBe(409);
      expect(unacknowledged.body.error.rule).toBe("emergency_unacknowledged");

      const t0 = performance.now();
      const r = await failover({ candidate: "db2", mode: "emergency", acknowledge: true });
      const ms = performance.now() - t0;
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(ms).toBeLessThan(10_000);
      expect((await publishedWriter()).id).toBe("db2");
      expect((await serverState("db2")).readOnly).toBe(false);
      await waitForAcks(workload, 30);
      expect(workload.writtenOn.get("db2")).toBeGreaterThan(0);
    } finally {
      scenario("thaw", "db1");
    }
    // The fence sets db1 read-only as soon as it answers: it comes back as db2's co-master.
    await waitFor(async () => (await serverState("db1")).readOnly, 20_000, "db1 fenced read-only");
    await workload.stop();
    await waitFor(async () => {
      const s = await serverState("db1");
      return s.io === "Yes" && s.sql === "Yes" && !s.error && s.sourcePort === portOf("db2");
    }, 30_000, "db1 replicating from db2");
    await expectConsistent("db2", workload.acked);

    await freshWorkload();
    await waitForAcks(workload, 20);
    await waitFor(async () => (await plan("db1")).body.allowed, 30_000, "failback to db1 allowed");
    const back = await failover({ candidate: "db1", mode: "graceful", acknowledge: ["flap_window"] });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    await waitForAcks(workload, 20);
    await workload.stop();
    const states = await Promise.all(SERVERS.map(serverState));
    expect(states.map((s) => s.readOnly)).toEqual([false, true, true, true]);
    expect(states.slice(1).map((s) => s.sourcePort)).toEqual([portOf("db1"), portOf("db1"), portOf("db1")]);
    await expectConsistent("db1", workload.acked);
  });
});
