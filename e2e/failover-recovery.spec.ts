import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { labPaths, rootConnection } from "@/lab";
import { openStore } from "@/lib/store";
import { getPublishedWriter, publishWriter } from "@/lib/writer";
import { loadConfigFile } from "@/lib/config";
import { expect, labDir, test } from "./fixtures";

/**
 * A second console process on the same store is SIGKILLed while its switch to db2 waits for db2 to
 * catch up (db2's SQL thread held on a table lock), db1 already read-only. The console under test
 * sees the run's owner is gone, undoes the switch (db1 writable again), and the boss reads what
 * happened on the dashboard and on the Failover page.
 */

const TABLE = "shop.e2e_crash_probe";
const configFile = path.join(labDir, "hotseat.config.json");
const servers = () => labPaths({ dir: labDir }).servers;
const rootPassword = () => (JSON.parse(fs.readFileSync(path.join(labDir, "lab-secrets.json"), "utf8")) as { rootPassword: string }).rootPassword;

async function asRoot(id: "db1" | "db2", sql: string): Promise<unknown[]> {
  const conn = await rootConnection(servers()[id], rootPassword());
  try {
    return (await conn.query(sql))[0] as unknown[];
  } finally {
    conn.destroy();
  }
}

test("a switch whose console was killed is undone by the running console and said on the dashboard and the Failover page", async ({ viewerPage: page }) => {
  const config = loadConfigFile(configFile);
  const store = await openStore(path.join(config.dataDir, "hotseat.db"));
  const lock = await rootConnection(servers().db2, rootPassword());
  try {
    if (!(await getPublishedWriter(store))) await publishWriter("db1", { actor: "e2e-setup" }, { config, db: store });
    await asRoot("db1", `CREATE TABLE IF NOT EXISTS ${TABLE} (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB`);
    await expect.poll(async () => (await asRoot("db2", `SHOW TABLES FROM shop LIKE 'e2e_crash_probe'`)).length).toBe(1);
    await lock.query(`LOCK TABLES ${TABLE} WRITE`);
    await asRoot("db1", `INSERT INTO ${TABLE} VALUES ()`);

    const before = Number((await store.selectFrom("failover_runs").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst())?.id ?? 0);
    const other = spawn(process.execPath, ["--import", "tsx", "tests/integration/failover-console.ts", "switch", "db2"], {
      env: { ...process.env, HOTSEAT_CONFIG: configFile },
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => other.on("exit", resolve));
    const waiting = async () =>
      (await store.selectFrom("failover_runs").select("steps").where("id", ">", before).where("status", "=", "running").execute()).some((r) =>
        (JSON.parse(r.steps) as { name: string; status: string }[]).some((s) => s.name === "wait_catch_up" && s.status === "running"),
      );
    await expect.poll(waiting, { timeout: 30_000, intervals: [100] }).toBe(true);
    other.kill("SIGKILL");
    await exited;
  } finally {
    await lock.query("UNLOCK TABLES").catch(() => undefined);
    lock.destroy();
    await store.destroy();
  }

  await page.goto("/");
  const notice = page.getByTestId("failover-recovery");
  await expect(notice).toContainText("Interrupted: the console running this switch stopped during", { timeout: 30_000 });
  await expect(notice).toContainText("Recovery: db2 was never made writable, so the switch was undone: db1 takes writes again");
  await expect(notice).toContainText("You can switch again now.");
  expect((await asRoot("db1", "SELECT @@read_only AS ro"))[0]).toMatchObject({ ro: 0 });

  await notice.getByRole("link").click();
  await expect(page).toHaveURL(/\/failover$/);
  await expect(page.getByTestId("failover-recovery")).toContainText("db1 takes writes again");
  await expect(page.getByTestId("published-writer")).toHaveText("db1");
  await expect(page.getByTestId("failover-history")).toContainText("interrupted");
  await asRoot("db1", `DROP TABLE IF EXISTS ${TABLE}`);
});
