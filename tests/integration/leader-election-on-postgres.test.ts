import net from "node:net";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isLeader, setLeader } from "@/lib/leader";
import { LEADER_LOCK_KEY, LeaderElection, startLeaderElection } from "@/lib/leader/election";
import { createPgDatabase } from "./store-engines";
import { waitFor } from "./lab";

/**
 * The election on a real PostgreSQL: elections in this process, each with its own session and its
 * own leadership flag, stand for consoles. One leads; a leader whose session ends stops leading at
 * once, and another takes the lock within a second or two.
 */
describe("the leader election on PostgreSQL", () => {
  let database: Awaited<ReturnType<typeof createPgDatabase>>;
  let admin: pg.Client;
  const running: LeaderElection[] = [];

  const console_ = (instance: string) => {
    const changes: boolean[] = [];
    const election = new LeaderElection({ url: database.url, instance, onLeadership: (leader) => changes.push(leader), log: () => undefined });
    running.push(election);
    return { election, changes };
  };

  /** Console a leads, then console b starts its election behind it. */
  const aLeadsThenBFollows = async () => {
    const a = console_("console-a");
    a.election.start();
    await waitFor(() => a.election.leader, 5000, "a leading");
    const b = console_("console-b");
    b.election.start();
    return { a, b };
  };

  /** The backend pid holding the election's lock in this database, if any. */
  const holder = async (): Promise<{ pid: number; application_name: string } | null> => {
    const { rows } = await admin.query(
      `SELECT l.pid, a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()
          AND ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint`,
      [LEADER_LOCK_KEY],
    );
    return rows[0] ?? null;
  };

  beforeAll(async () => {
    database = await createPgDatabase("hotseat_leader");
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });

  afterEach(async () => {
    for (const e of running.splice(0)) await e.stop();
  });

  afterAll(async () => {
    await admin?.end();
    await database?.drop();
    setLeader(true);
  });

  it("starts as a follower, then exactly one of two leads and holds the lock on its own session", async () => {
    const a = console_("console-a");
    const b = console_("console-b");
    a.election.start();
    b.election.start();
    expect(a.changes[0]).toBe(false);
    expect(b.changes[0]).toBe(false);
    await waitFor(() => a.election.leader || b.election.leader, 5000, "a leader");
    await new Promise((r) => setTimeout(r, 1500)); // a few more tries by the follower
    expect([a.election.leader, b.election.leader].filter(Boolean)).toHaveLength(1);
    const leader = a.election.leader ? "console-a" : "console-b";
    expect((await holder())?.application_name).toBe(`hotseat leader election ${leader}`);
  });

  it("a stopped leader hands over: the follower leads within two seconds", async () => {
    const { a, b } = await aLeadsThenBFollows();
    await new Promise((r) => setTimeout(r, 1200));
    expect(b.election.leader).toBe(false);
    const stopped = Date.now();
    await a.election.stop();
    expect(a.changes.at(-1)).toBe(false);
    await waitFor(() => b.election.leader, 5000, "b leading");
    expect(Date.now() - stopped).toBeLessThan(2000);
  });

  it("a leader whose session the server ends stops leading at once, and one of the two leads again", async () => {
    const { a, b } = await aLeadsThenBFollows();
    const lock = await holder();
    expect(lock?.application_name).toBe("hotseat leader election console-a");
    await admin.query("SELECT pg_terminate_backend($1)", [lock!.pid]);
    // the session's end event, not the next check, ends the leadership
    await waitFor(() => !a.election.leader, 500, "a stepping down");
    await waitFor(() => a.election.leader !== b.election.leader, 5000, "a new leader");
    await new Promise((r) => setTimeout(r, 1200));
    expect([a.election.leader, b.election.leader].filter(Boolean)).toHaveLength(1);
    expect(await holder()).not.toBeNull();
  });

  it("a leader whose session stops answering steps down after one check timeout, and holds no lock after", async () => {
    // A TCP relay to the server that can be frozen: the session stays open but nothing gets through.
    const pgUrl = new URL(database.url);
    const pairs: net.Socket[][] = [];
    let frozen = false;
    const relay = net.createServer((inbound) => {
      const outbound = net.connect(Number(pgUrl.port || 5432), pgUrl.hostname);
      pairs.push([inbound, outbound]);
      inbound.on("data", (d) => !frozen && outbound.write(d));
      outbound.on("data", (d) => !frozen && inbound.write(d));
      inbound.on("error", () => outbound.destroy());
      outbound.on("error", () => inbound.destroy());
      inbound.on("close", () => !frozen && outbound.destroy());
      outbound.on("close", () => inbound.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    const viaRelay = new URL(database.url);
    viaRelay.host = `127.0.0.1:${(relay.address() as net.AddressInfo).port}`;
    try {
      const changes: boolean[] = [];
      const a = new LeaderElection({ url: viaRelay.toString(), instance: "console-a", checkTimeoutMs: 500, onLeadership: (l) => changes.push(l), log: () => undefined });
      running.push(a);
      a.start();
      await waitFor(() => a.leader, 5000, "a leading");
      frozen = true;
      const froze = Date.now();
      await waitFor(() => !a.leader, 3000, "a stepping down");
      expect(Date.now() - froze).toBeLessThan(2000); // within a second of checks plus the timeout
      expect(changes).toEqual([false, true, false]);
      // the server still holds the frozen session's lock; once it is gone, the lock is free again
      for (const [inbound, outbound] of pairs) {
        inbound.destroy();
        outbound.destroy();
      }
      await waitFor(async () => (await holder()) === null, 5000, "the lock released");
    } finally {
      relay.close();
    }
  });

  it("on a store of its own (SQLite) a console leads with no election", () => {
    setLeader(false);
    expect(startLeaderElection({ engine: "sqlite", file: "/nonexistent/hotseat.db" })).toBeNull();
    expect(isLeader()).toBe(true);
  });
});
