import { describe, expect, it } from "vitest";
import type { ProcessRow } from "@/lib/mysql/types";
import { writeRatesBetween } from "./rates";
import { TopWriters } from "./top-writers";

const row = (over: Partial<ProcessRow>): ProcessRow => ({
  id: 10, user: "batch", host: "10.0.0.7:40001", db: "shop", command: "Query", timeSeconds: 0, state: "Updating", info: "UPDATE orders SET total = 1 WHERE id = 5", ...over,
});

describe("TopWriters", () => {
  it("groups a batch job's statements by user, host and fingerprint, counting executions and time", () => {
    const w = new TopWriters();
    const t0 = 1_000_000;
    w.observe([row({}), row({ id: 11, host: "10.0.0.7:40002", info: "UPDATE orders SET total = 2 WHERE id = 6" })], [], t0);
    w.observe([row({ timeSeconds: 1 })], [], t0 + 1000);
    w.observe([row({ timeSeconds: 2 }), row({ id: 12, user: "app", info: "INSERT INTO carts VALUES (1)" })], [], t0 + 2000);
    // A new statement on the same thread is a new execution.
    w.observe([row({ info: "UPDATE orders SET total = 9 WHERE id = 7" })], [], t0 + 3000);
    const [top, second] = w.top("time");
    expect(top).toMatchObject({ user: "batch", host: "10.0.0.7", kind: "update", fingerprint: "update orders set total = ? where id = ?", executions: 3, seenSeconds: 5, longestSeconds: 2 });
    expect(top.example).toBe("UPDATE orders SET total = 9 WHERE id = 7");
    expect(second).toMatchObject({ user: "app", kind: "insert", executions: 1, rowsWritten: null });
  });

  it("ignores reads, replication and the console's own threads, and forgets old shapes", () => {
    const w = new TopWriters(60_000);
    w.observe(
      [
        row({ id: 1, info: "SELECT * FROM orders" }),
        row({ id: 2, user: "system user", command: "Slave_SQL" }),
        row({ id: 3, user: "hotseat", info: "REPLACE INTO hotseat.heartbeat VALUES (1)" }),
      ],
      [3],
      0,
    );
    expect(w.top()).toEqual([]);
    w.observe([row({})], [], 1000);
    w.observe([], [], 120_000);
    expect(w.top()).toEqual([]);
  });
});

describe("writeRatesBetween", () => {
  const status = (n: number) => ({ uptimeSeconds: 100 + n, questions: 1000 + n * 10, comInsert: n * 4, comUpdate: n * 2, comDelete: n, comReplace: 0, threadsRunning: 1, threadsConnected: 5 });
  it("per-kind writes per second, null without a previous sample or after a restart", () => {
    expect(writeRatesBetween(null, { status: status(1), at: 0 })).toBeNull();
    expect(writeRatesBetween({ status: status(0), at: 0 }, { status: status(10), at: 2000 })).toEqual({ insert: 20, update: 10, delete: 5, replace: 0 });
    expect(writeRatesBetween({ status: status(10), at: 0 }, { status: { ...status(1), uptimeSeconds: 1 }, at: 2000 })).toBeNull();
  });
});
