import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverPassword } from "@/lib/config";
import { closeQuietly, openConnection, readGlobalStatus, readProcesslist, readReplication, readVariables, type Connection } from "@/lib/mysql";
import { labConfig } from "./lab";

// lib/mysql against real MariaDB servers in the story's shape.
describe("lib/mysql on the lab", () => {
  const config = labConfig();
  const conns = new Map<string, Connection>();

  beforeAll(async () => {
    for (const s of config.servers) {
      conns.set(s.id, await openConnection({ host: s.host, port: s.port, user: s.user, password: serverPassword(s) }));
    }
  });
  afterAll(() => conns.forEach(closeQuietly));

  it("reads the writer's variables", async () => {
    const v = await readVariables(conns.get("db1")!);
    expect(v).toMatchObject({ serverId: 1, dialect: "mariadb", readOnly: false, superReadOnly: null, logBin: true, gtidMode: "ON" });
    expect(v.gtidCurrentPos).toMatch(/^\d+-\d+-\d+/);
    expect((await readVariables(conns.get("db4")!)).readOnly).toBe(true);
  });

  it("reads db4's replication from db1 over GTID", async () => {
    const [channel] = await readReplication(conns.get("db4")!, "mariadb");
    const db1 = config.servers[0];
    expect(channel).toMatchObject({ sourcePort: db1.port, sourceServerId: 1, ioRunning: true, sqlRunning: true, usingGtid: true, lastSqlError: null });
    expect(channel.secondsBehindSource).toBeGreaterThanOrEqual(0);
  });

  it("reads db1's own replication from its co-master db2", async () => {
    const [channel] = await readReplication(conns.get("db1")!, "mariadb");
    expect(channel.sourceServerId).toBe(2);
  });

  it("reads counters and the processlist, replication threads included", async () => {
    const status = await readGlobalStatus(conns.get("db4")!);
    expect(status.questions).toBeGreaterThan(0);
    expect(status.threadsConnected).toBeGreaterThan(0);
    const threads = await readProcesslist(conns.get("db4")!);
    expect(threads.some((t) => t.user === "system user" && /Slave_SQL|relay log/i.test(`${t.command} ${t.state}`))).toBe(true);
  });
});
