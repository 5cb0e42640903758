import { describe, expect, it } from "vitest";
import type { StatementDigest } from "@/lib/mysql/types";
import { DigestWriters, looseStatementKey } from "./digest-writers";
import type { TopWriter } from "./top-writers";

const T0 = 1_800_000_000_000;
const digest = (over: Partial<StatementDigest>): StatementDigest => ({
  digest: "aa11",
  digestText: "UPDATE `order_ledger` SET `reconciled_at` = NOW ( ) WHERE `order_ref` < ? ",
  schema: "shop",
  executions: 10,
  totalSeconds: 2,
  maxSeconds: 0.5,
  rowsAffected: 1000,
  firstSeenAt: T0 - 3_600_000,
  lastSeenAt: T0 - 60_000,
  ...over,
});

describe("DigestWriters", () => {
  it("the first read is a baseline; later reads count only what happened since", () => {
    const w = new DigestWriters();
    expect(w.baselined).toBe(false);
    expect(w.activeWithinSeconds(T0)).toBeNull();
    w.observe([digest({})], T0);
    expect(w.baselined).toBe(true);
    expect(w.top()).toEqual([]);
    expect(w.activeWithinSeconds(T0 + 10_000)).toBe(12);
    w.observe([digest({ executions: 13, totalSeconds: 2.75, rowsAffected: 4000, lastSeenAt: T0 + 9_000 })], T0 + 10_000);
    w.observe([digest({ executions: 14, totalSeconds: 3, rowsAffected: 4500, lastSeenAt: T0 + 19_000 })], T0 + 20_000);
    const [top] = w.top("rows");
    expect(top).toMatchObject({ kind: "update", db: "shop", digest: "aa11", executions: 4, rowsWritten: 3500, seenSeconds: 1, longestSeconds: 0.5, user: "unknown", host: "unknown", accounts: [], firstSeenAt: T0, lastSeenAt: T0 + 19_000 });
  });

  it("a digest new since the last read counts whole; one only now in the list is a new baseline", () => {
    const w = new DigestWriters();
    w.observe([], T0);
    w.observe(
      [
        digest({ digest: "new1", digestText: "INSERT INTO `orders` VALUES (...)", rowsAffected: 300, executions: 3, firstSeenAt: T0 + 4_000 }),
        digest({ digest: "old1", rowsAffected: 9_999_999 }),
      ],
      T0 + 10_000,
    );
    expect(w.top("rows").map((t) => [t.digest, t.rowsWritten])).toEqual([["new1", 300]]);
  });

  it("counters that start again (truncate, eviction, restart) count from zero, never negative", () => {
    const w = new DigestWriters();
    w.observe([digest({})], T0);
    w.observe([digest({ executions: 2, rowsAffected: 50, totalSeconds: 0.1, firstSeenAt: T0 + 5_000 })], T0 + 10_000);
    expect(w.top("rows")[0]).toMatchObject({ rowsWritten: 50, executions: 2 });
  });

  it("ranks by rows or by time, forgets what is older than the window, and skips reads and its own writes", () => {
    const w = new DigestWriters(60_000, (text) => text.includes("`hotseat` . `heartbeat`"));
    const rowsHeavy = digest({ digest: "rows", rowsAffected: 0, totalSeconds: 0, executions: 0 });
    const slow = digest({ digest: "slow", digestText: "DELETE FROM `orders` WHERE `id` = ?", rowsAffected: 0, totalSeconds: 0, executions: 0 });
    const heartbeat = digest({ digest: "hb", digestText: "INSERT INTO `hotseat` . `heartbeat` ( `ts` , `server_id` ) VALUES (...)", rowsAffected: 0, executions: 0 });
    const read = digest({ digest: "sel", digestText: "SELECT * FROM `orders`", rowsAffected: 0, executions: 0 });
    w.observe([rowsHeavy, slow, heartbeat, read], T0);
    w.observe(
      [
        { ...rowsHeavy, rowsAffected: 5000, totalSeconds: 1, executions: 1 },
        { ...slow, rowsAffected: 10, totalSeconds: 30, executions: 1 },
        { ...heartbeat, rowsAffected: 20, executions: 10 },
        { ...read, executions: 5 },
      ],
      T0 + 10_000,
    );
    expect(w.top("rows").map((t) => t.digest)).toEqual(["rows", "slow"]);
    expect(w.top("time").map((t) => t.digest)).toEqual(["slow", "rows"]);
    expect(w.top("rows", 1)).toHaveLength(1);
    w.observe([], T0 + 80_000);
    expect(w.top()).toEqual([]);
  });

  it("attributes user@host from performance_schema threads and from processlist sampling", () => {
    const w = new DigestWriters();
    const upd = digest({ digest: "u1", digestText: "UPDATE `shop` . `orders` SET `quantity` = `quantity` + ? WHERE `id` IN (...)" });
    const ins = digest({ digest: "i1", digestText: "INSERT INTO `order_ledger` VALUES (...) /* , ... */ " });
    w.observe([upd, ins], T0);
    w.observe([{ ...upd, rowsAffected: 2000 }, { ...ins, rowsAffected: 1500 }], T0 + 10_000);
    w.attribute([{ digest: "u1", user: "batch", host: "10.0.0.7", statements: 3, example: "UPDATE shop.orders SET quantity = quantity + 1 WHERE id IN (1,2,3)" }], T0 + 10_000);
    const sampled = { fingerprint: "insert into order_ledger values(?+)", user: "cron", host: "10.0.0.9", lastSeenAt: T0 + 9_000, example: "INSERT INTO order_ledger VALUES (1,'a',1,NULL)" } as TopWriter;
    w.attributeFromSampling([sampled]);
    const [u, i] = w.top("rows");
    expect(u).toMatchObject({ user: "batch", host: "10.0.0.7", accounts: ["batch@10.0.0.7"], example: "UPDATE shop.orders SET quantity = quantity + 1 WHERE id IN (1,2,3)" });
    expect(i).toMatchObject({ user: "cron", host: "10.0.0.9", accounts: ["cron@10.0.0.9"] });
    expect(w.recentDigests().sort()).toEqual(["i1", "u1"]);
  });
});

describe("looseStatementKey", () => {
  it("matches a processlist fingerprint with MariaDB and MySQL digest texts of the same statement", () => {
    const fp = "update shop.orders set quantity = quantity + ? where id in(?+)";
    expect(looseStatementKey("UPDATE `shop` . `orders` SET `quantity` = `quantity` + ? WHERE `id` IN (...)")).toBe(looseStatementKey(fp));
    expect(looseStatementKey("UPDATE `shop` . `orders` SET `quantity` = `quantity` + ? WHERE `id` IN ( ?, ... )")).toBe(looseStatementKey(fp));
    expect(looseStatementKey("INSERT INTO `t` VALUES (...) /* , ... */")).toBe(looseStatementKey("insert into t values(?+)"));
    expect(looseStatementKey("DELETE FROM `t` WHERE `a` = ?")).not.toBe(looseStatementKey("delete from t where b = ?"));
  });
});
