import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverPassword } from "@/lib/config";
import {
  closeQuietly,
  ensureHeartbeatTable,
  writeHeartbeat,
  getDialect,
  heartbeatReadSql,
  normaliseGlobalStatus,
  normaliseHeartbeatRows,
  openConnection,
  query,
  readGlobalStatus,
  readHeartbeats,
  readVariables,
  GLOBAL_STATUS_SQL,
  type Connection,
} from "@/lib/mysql";
import { labConfig, waitFor } from "./lab";

/** This session's own statement count: SHOW SESSION STATUS counts itself, once. */
async function questionsOf(conn: Connection): Promise<number> {
  const [row] = await query(conn, "SHOW SESSION STATUS LIKE 'Questions'");
  return Number(row.Value);
}

/** One poll's reads, in the collector's order, and how many statements they sent. */
async function pollOnce(conn: Connection, database: string) {
  const before = await questionsOf(conn);
  const variables = await readVariables(conn);
  const status = await readGlobalStatus(conn);
  const heartbeats = await readHeartbeats(conn, database);
  const statements = (await questionsOf(conn)) - before - 1;
  return { variables, status, heartbeats, statements };
}

// The collector's variables, global status and heartbeat reads, on real MariaDB replicas and the writer.
describe("a poll's reads on the lab", () => {
  const config = labConfig();
  const database = config.heartbeat?.database ?? "hotseat";
  const conns = new Map<string, Connection>();

  const connect = (id: string) => {
    const s = config.servers.find((x) => x.id === id)!;
    return openConnection({ host: s.host, port: s.port, user: s.user, password: serverPassword(s) });
  };

  beforeAll(async () => {
    for (const id of ["db1", "db4"]) conns.set(id, await connect(id));
    // The writer's row, stamped as the collector stamps it, replicated to db4 (read on a connection of its own).
    await ensureHeartbeatTable(conns.get("db1")!, database);
    await writeHeartbeat(conns.get("db1")!, database, 1);
    const probe = await connect("db4");
    try {
      await waitFor(async () => (await query(probe, heartbeatReadSql(database))).length > 0, 10_000, "the heartbeat row on db4");
    } finally {
      closeQuietly(probe);
    }
  });
  afterAll(() => conns.forEach(closeQuietly));

  it.each(["db4", "db1"])("%s: one statement from the second poll on, with the figures a separate read gives", async (id) => {
    const conn = conns.get(id)!;
    await getDialect(conn);
    const first = await pollOnce(conn, database);
    expect(first.statements).toBe(3);
    const second = await pollOnce(conn, database);
    expect(second.statements).toBe(1);

    // The same figures a separate statement reads, moments later on the same server.
    const heartbeats = normaliseHeartbeatRows(await query(conn, heartbeatReadSql(database)));
    const status = normaliseGlobalStatus(await query(conn, GLOBAL_STATUS_SQL));
    const { gtidExecuted: _a, gtidCurrentPos: _b, ...identity } = first.variables;
    expect(second.variables).toMatchObject(identity);
    expect(second.heartbeats.map((h) => h.serverId).sort()).toEqual(heartbeats.map((h) => h.serverId).sort());
    expect(heartbeats.length).toBeGreaterThan(0);
    for (const h of second.heartbeats) {
      const later = heartbeats.find((x) => x.serverId === h.serverId)!;
      // read first, so no older than the separate read (the writer stamps its row every second)
      expect(h.ageSeconds).toBeLessThanOrEqual(later.ageSeconds + 1.5);
    }
    expect(second.status.uptimeSeconds).toBeGreaterThan(0);
    expect(status.uptimeSeconds - second.status.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(status.uptimeSeconds - second.status.uptimeSeconds).toBeLessThanOrEqual(2);
    expect(second.status.questions).toBeGreaterThan(first.status.questions);
    expect(status.questions).toBeGreaterThan(second.status.questions);
    expect(second.status.threadsConnected).toBeGreaterThan(0);
    expect(second.status.threadsRunning).toBeGreaterThan(0);
  });
});
