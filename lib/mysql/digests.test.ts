import { describe, expect, it } from "vitest";
import { normaliseDigestAccount, normaliseStatementDigest, normaliseVariables } from "./normalise";
import { DIGEST_ACCOUNTS_SQL, statementDigestsSql, variablesSql } from "./statements";
import * as maria from "./fixtures/mariadb-10.11";
import * as my80 from "./fixtures/mysql-8.0";
import * as my57 from "./fixtures/mysql-5.7";

describe("performance_schema detection", () => {
  it.each(["mariadb", "mysql57", "mysql80", "mysql84"] as const)("%s: asked in the same round trip as the other variables", (d) => {
    expect(variablesSql(d)).toContain("@@performance_schema AS performance_schema");
  });

  it("reads ON and OFF, and leaves it undefined when the row does not say", () => {
    expect(normaliseVariables(maria.mariadbSourceVariables, "mariadb").performanceSchema).toBe(false);
    expect(normaliseVariables(my80.mysql80WriterVariables, "mysql80").performanceSchema).toBe(true);
    expect(normaliseVariables(my57.mysql57ReplicaVariables, "mysql57").performanceSchema).toBeUndefined();
    expect(normaliseVariables({ ...maria.mariadbSourceVariables, performance_schema: "ON" }, "mariadb").performanceSchema).toBe(true);
  });
});

describe("statementDigestsSql", () => {
  it("reads write digests only, most rows first, with a limit", () => {
    const sql = statementDigestsSql({ activeWithinSeconds: null });
    expect(sql).toContain("FROM performance_schema.events_statements_summary_by_digest");
    expect(sql).toMatch(/REGEXP '\^\(INSERT\|UPDATE\|DELETE\|REPLACE\)'/);
    expect(sql).toContain("UPPER(LEFT(DIGEST_TEXT");
    expect(sql).toMatch(/ORDER BY SUM_ROWS_AFFECTED DESC LIMIT \?$/);
    expect(sql).not.toContain("LAST_SEEN >=");
  });

  it("after a baseline, only digests that ran recently, measured on the server's clock", () => {
    const sql = statementDigestsSql({ activeWithinSeconds: 12 });
    expect(sql).toContain("LAST_SEEN >= NOW(6) - INTERVAL ? SECOND");
    expect(sql.indexOf("INTERVAL ?")).toBeLessThan(sql.indexOf("LIMIT ?"));
  });

  it("attributes digests through threads, from every statement event table", () => {
    for (const table of ["events_statements_current", "events_statements_history", "events_statements_history_long", "threads"]) {
      expect(DIGEST_ACCOUNTS_SQL).toContain(`performance_schema.${table}`);
    }
    expect(DIGEST_ACCOUNTS_SQL).toContain("IN (?)");
  });
});

describe("normaliseStatementDigest", () => {
  const readAt = 1_800_000_000_000;

  it("MariaDB 10.11 (captured): picoseconds to seconds, ages to times on the reader's clock", () => {
    expect(normaliseStatementDigest(maria.mariadbWriteDigests[0], readAt)).toEqual({
      digest: "75748d190d5510d794f18b9a59dc67aa",
      digestText: "UPDATE `order_ledger` SET `reconciled_at` = NOW ( ) WHERE `order_ref` < ? ",
      schema: "shop",
      executions: 1,
      totalSeconds: 0.000580406,
      maxSeconds: 0.000580406,
      rowsAffected: 2,
      firstSeenAt: readAt - 251,
      lastSeenAt: readAt - 251,
    });
    expect(normaliseStatementDigest(maria.mariadbWriteDigests[1], readAt)).toMatchObject({ schema: null, rowsAffected: 8, firstSeenAt: readAt - 81_000 });
  });

  it("MySQL 8.0: big counters as strings; the catch-all row without a digest is dropped", () => {
    expect(normaliseStatementDigest(my80.mysql80WriteDigests[0], readAt)).toMatchObject({
      executions: 120,
      rowsAffected: 48_000,
      totalSeconds: 18.446744073709,
      maxSeconds: 0.9,
      firstSeenAt: readAt - 3_600_000,
      lastSeenAt: readAt - 2_000,
    });
    expect(normaliseStatementDigest(my80.mysql80WriteDigests[1], readAt)).toBeNull();
  });
});

describe("normaliseDigestAccount", () => {
  it("user, host without port, and a real statement", () => {
    expect(normaliseDigestAccount(maria.mariadbDigestAccounts[0])).toEqual({
      digest: "75748d190d5510d794f18b9a59dc67aa",
      user: "app",
      host: "127.0.0.1",
      statements: 2,
      example: "UPDATE order_ledger SET reconciled_at = NOW() WHERE order_ref < 10 /* nightly */",
    });
    expect(normaliseDigestAccount({ DIGEST: "ab", USER: "batch", HOST: "10.0.0.7:51234", statements: "3", example: null })).toMatchObject({ host: "10.0.0.7", statements: 3 });
    expect(normaliseDigestAccount({ digest: "ab", user: null, host: null })).toBeNull();
  });

  it("holds a long statement text as its first 16 KiB, noting the full length", () => {
    const example = `INSERT INTO t VALUES ${"(1),".repeat(100_000)}(2)`;
    const account = normaliseDigestAccount({ digest: "ab", user: "batch", host: "h", statements: 1, example })!;
    expect(account.example).toHaveLength(16 * 1024);
    expect(account.exampleLength).toBe(example.length);
    const digest = normaliseStatementDigest({ digest: "ab", digest_text: `INSERT INTO t VALUES ${"(?),".repeat(50_000)}(?)` }, 0)!;
    expect(digest.digestText).toHaveLength(16 * 1024);
    expect(digest.digestTextLength).toBe(21 + 50_000 * 4 + 3);
  });
});
