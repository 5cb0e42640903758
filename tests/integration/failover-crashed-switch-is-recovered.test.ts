import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rootConnection, type LabServerId } from "@/lab";
import { gtidCovers } from "@/lib/actions/failover";
import { loadConfigFile } from "@/lib/config";
import { closeQuietly, openConnection, query } from "@/lib/mysql";
import { openStore, type Store } from "@/lib/store";
import { getPublishedWriter, publishWriter } from "@/lib/writer";
import { repointReplicaSql } from "@/lib/mysql/failover";
import { asRoot, paths, portOf, secrets, serverState, SERVERS, startConsoleProcess, type ConsoleProcess } from "./failover-helpers";
import { labDir, waitFor } from "./lab";

/**
 * A console SIGKILLed mid-switch, while it waits for db2 to catch up (db2's SQL thread held on a
 * table lock) after setting db1 read-only, leaves a fleet without a writer. Restarted, the console
 * recovers it by itself: within 10 s exactly one server takes writes (db1: db2 was never made
 * writable), every acknowledged write is on every server, the run says so in words, the recovery
 * is audited, and the next switch goes through at once.
 *
 * The console here is a real OS process (failover-console.ts) running the same switch and start-up
 * recovery code as `next start`; the integration suite runs before the build, so no built app exists.
 */

const TABLE = "shop.crash_probe";

let dir: string;
let configFile: string;
let store: Store;
const children: ChildProcess[] = [];

/** Start a console process on the test's own store, as an on-call engineer's console would run. */
function startConsole(...args: string[]): ConsoleProcess {
  const started = startConsoleProcess({ HOTSEAT_CONFIG: configFile }, ...args);
  children.push(started.child);
  return started;
}

interface RunRow {
  id: number;
  status: string;
  owner: string | null;
  message: string | null;
  steps: string;
}
const recoveries = async () =>
  (await store.selectFrom("audit").select(["result", "server_id", "params"]).where("action", "=", "failover.recover").orderBy("id").execute()).map((a) => ({
    ...a,
    params: JSON.parse(a.params ?? "{}") as Record<string, unknown>,
  }));
const runs = (): Promise<RunRow[]> => store.selectFrom("failover_runs").select(["id", "status", "owner", "message", "steps"]).orderBy("id").execute();
const stepsOf = (r: RunRow) => JSON.parse(r.steps) as { name: string; status: string; detail: string | null }[];
const writers = async () => (await Promise.all(SERVERS.map(async (id) => ((await serverState(id)).readOnly ? null : id)))).filter(Boolean);

/** Writes through the writer as the application does; each id returned is acknowledged by the server. */
async function writeRows(from: number, count: number, writer: LabServerId = "db1"): Promise<number[]> {
  const conn = await openConnection({ host: "127.0.0.1", port: paths().servers[writer].port, user: "app", password: secrets().appPassword }, { connectTimeoutMs: 2000 });
  const acked: number[] = [];
  try {
    for (let id = from; id < from + count; id++) {
      await query(conn, `INSERT INTO ${TABLE} (id) VALUES (?)`, [id], 2000);
      acked.push(id);
    }
  } finally {
    closeQuietly(conn);
  }
  return acked;
}

async function expectRowsEverywhere(acked: number[]) {
  const writer = (await writers())[0]!;
  const target = (await serverState(writer)).binlog;
  await waitFor(async () => {
    for (const id of SERVERS) if (!gtidCovers((await serverState(id)).pos, target)) return false;
    return true;
  }, 20_000, `every server at ${writer}'s position`);
  for (const id of SERVERS) {
    const have = new Set((await asRoot<{ id: number }[]>(id, `SELECT id FROM ${TABLE}`)).map((r) => Number(r.id)));
    expect(acked.filter((a) => !have.has(a)), `acknowledged writes missing on ${id}`).toEqual([]);
  }
}

describe("a console killed mid-switch", () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-crash-"));
    const config = JSON.parse(fs.readFileSync(path.join(labDir, "hotseat.config.json"), "utf8"));
    // Its own store; a catch-up wait far longer than the test, so the kill lands inside it.
    config.dataDir = dir;
    config.failover = { ...config.failover, catchUpTimeoutMs: 120_000 };
    delete config.alerts;
    configFile = path.join(dir, "hotseat.config.json");
    fs.writeFileSync(configFile, JSON.stringify(config));
    store = await openStore(path.join(dir, "hotseat.db"));
    await publishWriter("db1", { actor: "test-setup" }, { config: loadConfigFile(configFile), db: store });

    expect(await writers()).toEqual(["db1"]);
    await asRoot("db1", `DROP TABLE IF EXISTS ${TABLE}`);
    await asRoot("db1", `CREATE TABLE ${TABLE} (id INT UNSIGNED NOT NULL PRIMARY KEY) ENGINE=InnoDB`);
    await asRoot("db1", `GRANT SELECT, INSERT ON ${TABLE} TO 'app'@'127.0.0.1'`).catch(() => undefined);
    await waitFor(async () => (await asRoot("db2", `SHOW TABLES FROM shop LIKE 'crash_probe'`)).length === 1, 10_000, "the table on db2");
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    // The lab as the other suites expect it: db1 the only writer.
    try {
      if ((await serverState("db2")).readOnly === false) await asRoot("db2", "SET GLOBAL read_only = ON");
      if ((await serverState("db1")).readOnly) await asRoot("db1", "SET GLOBAL read_only = OFF");
      for (const id of ["db3", "db4"] as const)
        if ((await serverState(id)).sourcePort !== portOf("db1"))
          for (const { sql, params } of repointReplicaSql("mariadb", { host: "127.0.0.1", port: portOf("db1") })) await asRoot(id, sql, params);
      await asRoot("db1", `DROP TABLE IF EXISTS ${TABLE}`);
    } catch (err) {
      console.error("restoring the lab failed:", err);
    }
    await store?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is recovered on restart: one writer within 10 s, every acknowledged write everywhere, said and audited, free to switch again", async () => {
    const acked = await writeRows(1, 20);
    // Hold db2's SQL thread: db1's next writes reach db2 but cannot be applied.
    const lock = await rootConnection(paths().servers.db2, secrets().rootPassword, 2000);
    try {
      await lock.query(`LOCK TABLES ${TABLE} WRITE`);
      acked.push(...(await writeRows(21, 10)));

      const first = startConsole("switch", "db2");
      const running = await waitFor(
        async () => (await runs()).find((r) => r.status === "running" && stepsOf(r).some((s) => s.name === "wait_catch_up" && s.status === "running")),
        30_000,
        "the switch waiting in its catch-up step",
      );
      // The run belongs to that very process, under its lease.
      expect(running.owner?.split(":")[1]).toBe(String(first.child.pid));
      first.child.kill("SIGKILL");
      await first.exited;
      expect(first.child.signalCode).toBe("SIGKILL");

      // Stranded: db1 read-only, db2 never made writable, the run still marked running.
      expect(await writers()).toEqual([]);
      expect((await runs()).find((r) => r.id === running.id)?.status).toBe("running");

      const restartedAt = Date.now();
      const second = startConsole();
      await waitFor(async () => (await writers()).length === 1, 10_000, "exactly one writer after the restart");
      expect(Date.now() - restartedAt).toBeLessThan(10_000);
      expect(await writers()).toEqual(["db1"]);
      expect(await second.exited).toBe(0);
      expect(second.events[0]).toMatchObject({ event: "started", recovered: [{ id: running.id, status: "interrupted" }] });
    } finally {
      await lock.query("UNLOCK TABLES").catch(() => undefined);
      lock.destroy();
    }

    // Said in words on the run (what the dashboard and the Failover page show), and audited.
    const run = (await runs()).find((r) => r.status === "interrupted")!;
    expect(run.message).toMatch(/^Interrupted: the console running this switch stopped during "Wait up to 120 s until db2 has applied it"/);
    expect(run.message).toMatch(/Recovery: db2 was never made writable, so the switch was undone: db1 takes writes again and stays the published writer/);
    expect(stepsOf(run).at(-1)).toMatchObject({ name: "recover", status: "ok" });
    expect(await recoveries()).toEqual([{ result: "ok", server_id: "db1", params: expect.objectContaining({ runId: run.id, action: "restore_old_writer", stoppedAt: "wait_catch_up" }) }]);
    expect((await getPublishedWriter(store))?.id).toBe("db1");
    await expectRowsEverywhere(acked);

    // Nothing blocks the on-call engineer: the next switch goes through at once, and back.
    for (const candidate of ["db2", "db1"]) {
      const next = startConsole("switch", candidate);
      expect(await next.exited).toBe(0);
      expect(next.events.at(-1)).toMatchObject({ event: "switched", status: "ok", to: candidate });
      expect(await writers()).toEqual([candidate]);
    }
    acked.push(...(await writeRows(31, 5)));
    await expectRowsEverywhere(acked);
  });

  it("finishes the publish when the console died after making db2 writable, though its stalled store never recorded that", async () => {
    const acked = await writeRows(101, 10);
    const lock = await rootConnection(paths().servers.db2, secrets().rootPassword, 2000);
    let run: RunRow;
    try {
      await lock.query(`LOCK TABLES ${TABLE} WRITE`);
      acked.push(...(await writeRows(111, 10)));
      const first = startConsole("switch", "db2");
      run = await waitFor(
        async () => (await runs()).find((r) => r.status === "running" && stepsOf(r).some((s) => s.name === "wait_catch_up" && s.status === "running")),
        30_000,
        "the switch waiting in its catch-up step",
      );
      // The store stops taking writes (a stalled disk): the console's step log falls behind.
      await sql`BEGIN IMMEDIATE`.execute(store);
      try {
        await lock.query("UNLOCK TABLES"); // db2 catches up, and the switch goes on to make it writable
        await waitFor(async () => !(await serverState("db2")).readOnly, 30_000, "db2 made writable");
        first.child.kill("SIGKILL");
        await first.exited;
      } finally {
        await sql`ROLLBACK`.execute(store);
      }
    } finally {
      await lock.query("UNLOCK TABLES").catch(() => undefined);
      lock.destroy();
    }

    // The log still says "waiting"; db2 takes writes but is not published, so the application's writes go to db1 and fail.
    expect(stepsOf((await runs()).find((r) => r.id === run.id)!).at(-1)).toMatchObject({ name: "wait_catch_up", status: "running" });
    expect(await writers()).toEqual(["db2"]);
    expect((await getPublishedWriter(store))?.id).toBe("db1");

    const restartedAt = Date.now();
    const second = startConsole();
    await waitFor(async () => (await getPublishedWriter(store))?.id === "db2", 10_000, "db2 published after the restart");
    expect(Date.now() - restartedAt).toBeLessThan(10_000);
    expect(await second.exited).toBe(0);
    expect(await writers()).toEqual(["db2"]);
    // The rest of the switch was done too: the plain replicas follow db2.
    expect([(await serverState("db3")).sourcePort, (await serverState("db4")).sourcePort]).toEqual([portOf("db2"), portOf("db2")]);

    const recovered = (await runs()).find((r) => r.id === run.id)!;
    expect(recovered.status).toBe("interrupted");
    expect(recovered.message).toMatch(/Recovery: db2 had been made writable, so the switch was finished: db2 is published as the writer; db1 is read-only; db3 now replicates from db2/);
    expect((await recoveries()).at(-1)).toEqual({ result: "ok", server_id: "db2", params: expect.objectContaining({ runId: run.id, action: "finish_publish" }) });
    acked.push(...(await writeRows(121, 5, "db2")));
    await expectRowsEverywhere(acked);

    // And back, at once.
    const back = startConsole("switch", "db1");
    expect(await back.exited).toBe(0);
    expect(await writers()).toEqual(["db1"]);
    expect([(await serverState("db3")).sourcePort, (await serverState("db4")).sourcePort]).toEqual([portOf("db1"), portOf("db1")]);
    await expectRowsEverywhere(acked);
  });
});
