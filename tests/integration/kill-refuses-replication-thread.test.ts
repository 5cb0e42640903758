import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kill, killAudits, rootOn, startConsole, stopConsole, threadsOn, waitForProcess } from "./processlist-helpers";

/** Killing db4's replication SQL thread would stop the replica applying: the console refuses, and it keeps running. */
describe("a kill of a replication thread is refused and the thread keeps running", () => {
  beforeAll(startConsole);
  afterAll(stopConsole);

  it("db4's SQL thread: 409 replication_thread, still running, refusal audited", async () => {
    const sql = await waitForProcess("?server=db4&kind=replication", (p) => p.role === "SQL thread", "db4's SQL thread in the processlist");
    expect(sql).toMatchObject({ serverId: "db4", user: "system user", command: "Slave_SQL", kind: "replication", flags: [] });

    for (const mode of ["query", "connection"] as const) {
      const res = await kill("db4", sql.id, { mode });
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: "conflict", rule: "replication_thread" });
    }

    const root = await rootOn("db4");
    try {
      const threads = await threadsOn(root);
      expect(threads.find((t) => t.Id === sql.id)?.Command).toBe("Slave_SQL");
      const [[status]] = (await root.query("SHOW SLAVE STATUS")) as unknown as [{ Slave_SQL_Running: string; Slave_IO_Running: string }[]];
      expect(status.Slave_SQL_Running).toBe("Yes");
      expect(status.Slave_IO_Running).toBe("Yes");
    } finally {
      await root.end();
    }

    const audits = await killAudits("db4", sql.id);
    expect(audits.length).toBeGreaterThanOrEqual(2);
    expect(audits[0]).toMatchObject({ result: "refused", params: expect.objectContaining({ rule: "replication_thread", kind: "replication" }) });
  });

  it("db1's binlog dump to a replica and the console's own connection are refused too", async () => {
    const dump = await waitForProcess("?server=db1&kind=replication", (p) => p.command === "Binlog Dump", "a binlog dump thread on db1");
    expect((await kill("db1", dump.id, { mode: "connection" })).body.error).toMatchObject({ rule: "replication_thread" });

    const self = await waitForProcess("?server=db1&kind=self", () => true, "the console's own connection on db1");
    const res = await kill("db1", self.id, { mode: "connection" });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ rule: "console_connection" });
    expect((await killAudits("db1", self.id))[0]).toMatchObject({ result: "refused" });
  });
});
