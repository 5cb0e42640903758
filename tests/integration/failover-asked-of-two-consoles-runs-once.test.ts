import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfigFile } from "@/lib/config";
import { repointReplicaSql } from "@/lib/mysql/failover";
import { openStore, type Store, type StoreTarget } from "@/lib/store";
import { publishWriter } from "@/lib/writer";
import { asRoot, portOf, serverState, SERVERS, startConsoleProcess } from "./failover-helpers";
import { labDir } from "./lab";
import { createPgDatabase } from "./store-engines";

/**
 * Two consoles, two OS processes on one store (a SQLite file, or a PostgreSQL database as two
 * consoles on two hosts would share), are asked to switch the writer to db2 at the same instant:
 * the switch runs once, the other console answers failover_in_progress, and one server takes
 * writes. Then either console may switch back.
 */

const writers = async () => (await Promise.all(SERVERS.map(async (id) => ((await serverState(id)).readOnly ? null : id)))).filter(Boolean);

describe.each(["sqlite", "postgres"] as const)("a failover asked of two consoles at once [%s]", (engine) => {
  let dir: string;
  let env: Record<string, string>;
  let store: Store;
  let dropDatabase: (() => Promise<void>) | null = null;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-two-consoles-"));
    const config = JSON.parse(fs.readFileSync(path.join(labDir, "hotseat.config.json"), "utf8"));
    config.dataDir = dir;
    delete config.alerts;
    const configFile = path.join(dir, "hotseat.config.json");
    fs.writeFileSync(configFile, JSON.stringify(config));
    let target: StoreTarget = { engine: "sqlite", file: path.join(dir, "hotseat.db") };
    env = { HOTSEAT_CONFIG: configFile, HOTSEAT_STORE_URL: "" };
    if (engine === "postgres") {
      const database = await createPgDatabase();
      dropDatabase = database.drop;
      target = { engine: "postgres", url: database.url };
      env.HOTSEAT_STORE_URL = database.url;
    }
    store = await openStore(target);
    await publishWriter("db1", { actor: "test-setup" }, { config: loadConfigFile(configFile), db: store });
    expect(await writers()).toEqual(["db1"]);
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    // The lab as the other suites expect it: db1 the only writer.
    try {
      if ((await serverState("db2")).readOnly === false) await asRoot("db2", "SET GLOBAL read_only = ON");
      if ((await serverState("db1")).readOnly) await asRoot("db1", "SET GLOBAL read_only = OFF");
      for (const id of ["db2", "db3", "db4"] as const)
        if ((await serverState(id)).sourcePort !== portOf("db1"))
          for (const { sql, params } of repointReplicaSql("mariadb", { host: "127.0.0.1", port: portOf("db1") })) await asRoot(id, sql, params);
    } catch (err) {
      console.error("restoring the lab failed:", err);
    }
    await store?.destroy();
    await dropDatabase?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = (...args: string[]) => {
    const c = startConsoleProcess(env, ...args);
    children.push(c.child);
    return c;
  };

  it("runs once: the other console answers failover_in_progress, and one server takes writes", async () => {
    // Both processes start, recover, then ask at the same instant.
    const at = String(Date.now() + 4000);
    const consoles = [start("switch", "db2", at), start("switch", "db2", at)];
    const codes = await Promise.all(consoles.map((c) => c.exited));
    const outcomes = consoles.map((c) => c.events.at(-1));
    expect(codes.sort(), JSON.stringify(outcomes)).toEqual([0, 1]);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ event: "switched", status: "ok", to: "db2" }),
        expect.objectContaining({ event: "failed", rule: "failover_in_progress" }),
      ]),
    );
    expect(await writers()).toEqual(["db2"]);
    // One run, read from the shared store.
    const runs = await store.selectFrom("failover_runs").select(["to_server", "status"]).execute();
    expect(runs).toEqual([{ to_server: "db2", status: "ok" }]);
  });

  it("either console may switch back afterwards", async () => {
    const back = start("switch", "db1");
    expect(await back.exited).toBe(0);
    expect(back.events.at(-1)).toMatchObject({ event: "switched", status: "ok", to: "db1" });
    expect(await writers()).toEqual(["db1"]);
    expect((await store.selectFrom("failover_runs").select("status").orderBy("id").execute()).map((r) => r.status)).toEqual(["ok", "ok"]);
  });
});
