import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { capStatementText, fingerprint, maskSecrets, sameStatement, STATEMENT_TEXT_CAP, writeKindOf, WRITE_KINDS } from "./statement";

describe("writeKindOf", () => {
  it("reads the statement kind past leading comments", () => {
    expect(writeKindOf("/* batch 7 */ UPDATE orders SET x = 1")).toBe("update");
    expect(writeKindOf("insert into t select * from u")).toBe("insert");
    expect(writeKindOf("-- nightly\nDELETE FROM t")).toBe("delete");
    expect(writeKindOf("REPLACE INTO t VALUES (1)")).toBe("replace");
    expect(writeKindOf("SELECT * FROM updates")).toBeNull();
    expect(writeKindOf(null)).toBeNull();
  });
});

describe("fingerprint", () => {
  it("one shape for one batch job's statements, whatever the literals", () => {
    const a = fingerprint("UPDATE orders SET total = 12.5, note = 'x' WHERE id IN (1, 2, 3)");
    const b = fingerprint("update  orders set total = 99, note = 'it''s' where id in (4)");
    expect(a).toBe(b);
    expect(a).toBe("update orders set total = ?, note = ? where id in(?+)");
    expect(fingerprint("INSERT INTO t (a, b) VALUES (1, 'a'), (2, 'b')")).toBe("insert into t (a, b) values(?+)");
    expect(fingerprint("/* job */ DELETE FROM t2 WHERE c1 = 5")).toBe("delete from t2 where c1 = ?");
  });
});

describe("sameStatement", () => {
  it("ignores whitespace only", () => {
    expect(sameStatement("SELECT  1\n", "SELECT 1")).toBe(true);
    expect(sameStatement("SELECT 1", "SELECT 2")).toBe(false);
    expect(sameStatement(null, "SELECT 1")).toBe(false);
  });
});

describe("maskSecrets", () => {
  it("keeps only the fingerprint of a statement that may carry a password", () => {
    expect(maskSecrets("CREATE USER 'x'@'%' IDENTIFIED BY 's3cr3t!'")).toBe("create user ?@? identified by ?");
    expect(maskSecrets("CHANGE MASTER TO MASTER_HOST='db1', MASTER_PASSWORD='hunter2'")).not.toContain("hunter2");
  });

  it("leaves ordinary statements as they are", () => {
    expect(maskSecrets("UPDATE orders SET status = 'paid' WHERE id = 7")).toBe("UPDATE orders SET status = 'paid' WHERE id = 7");
    expect(maskSecrets(null)).toBeNull();
  });
});

describe("fingerprint of hostile statements", () => {
  const literals = (n: number) => Array.from({ length: n }, () => "'x'").join(" ");

  it.each([26, 40])("reads %i adjacent string literals before SLEEP(12) in one pass", (n) => {
    const sql = `INSERT INTO t VALUES (${literals(n)}, SLEEP(12))`;
    expect(fingerprint(sql)).toBe(`insert into t values (${Array.from({ length: n }, () => "?").join(" ")}, sleep(?))`);
    expect(maskSecrets(`${sql} -- password`)).toBe(fingerprint(sql));
  });

  it("runs an unclosed quote, backtick or comment to the end, hiding what follows", () => {
    expect(fingerprint("SELECT 'abc, 1 FROM t")).toBe("select ?");
    expect(fingerprint('SELECT "abc\\')).toBe("select ?");
    expect(fingerprint("SELECT `abc FROM t WHERE p = 'hunter2")).toBe("select ?");
    expect(fingerprint("SELECT 1 /* abc 'x'")).toBe("select ?");
    expect(fingerprint("SELECT 1 # abc 'x'")).toBe("select ?");
    expect(fingerprint("SELECT 1 -- abc 'x'\nFROM t")).toBe("select ? from t");
    expect(fingerprint("/* only a comment")).toBe("");
  });

  it("reads literals as MySQL writes them: escapes, doubled quotes, hex and bit values", () => {
    expect(fingerprint(String.raw`SELECT 'it\'s', "say ""hi""", 'a''b'`)).toBe("select ?, ?, ?");
    expect(fingerprint("SELECT 0x1F, X'1F', b'0101', 0b11, N'text', 6.02e23, -4")).toBe("select ?, ?, ?, ?, ?, ?, ?");
    expect(fingerprint("SELECT a - 1, t1.c2, `col 1`, 1st FROM `Tab``le`")).toBe("select a - ?, t1.c2, `col 1`, 1st from `tab``le`");
  });

  it("keeps values of a statement quoted without escapes inside a server message out of the mask", () => {
    const message = "Error 'Operation CREATE USER failed' on query. Default database: ''. Query: 'CREATE USER 'x'@'%' IDENTIFIED BY 'hunter2''";
    expect(maskSecrets(message)).not.toMatch(/hunter2/i);
    const duplicate = "Error 'Duplicate entry 'hunter2' for key 'PRIMARY'' on query. Query: 'INSERT INTO users VALUES ('hunter2', PASSWORD('s3'))'";
    expect(maskSecrets(duplicate)).not.toMatch(/hunter2|s3/i);
  });

  it("folds lists of a megabyte statement and stops at 1000 characters", () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `(${i}, 'name ${i}', NULL, 0x${i.toString(16)})`);
    const insert = `INSERT INTO t VALUES ${rows.join(", ")}`;
    expect(insert.length).toBeGreaterThan(1_000_000);
    const shape = `insert into t values ${Array.from({ length: 100 }, () => "(?, ?, null, ?)").join(", ")}`;
    expect(fingerprint(insert)).toBe(shape.slice(0, 1000).trimEnd());
    const plain = `INSERT INTO t VALUES ${Array.from({ length: 200_000 }, (_, i) => `(${i}, 'n')`).join(",")}`;
    expect(plain.length).toBeGreaterThan(1_000_000);
    expect(fingerprint(plain)).toBe("insert into t values(?+)");
    const ids = `SELECT * FROM t WHERE id IN (${Array.from({ length: 200_000 }, (_, i) => i).join(", ")})`;
    expect(fingerprint(ids)).toBe("select * from t where id in(?+)");
    const wide = `SELECT ${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(", ")} FROM t`;
    expect(fingerprint(wide).length).toBeLessThanOrEqual(1000);
    expect(fingerprint(wide).startsWith("select c0, c1, c2")).toBe(true);
  });

  it("takes deep nesting and megabytes of quotes, dashes and comment openers", () => {
    const depth = 500_000;
    expect(fingerprint(`SELECT ${"(".repeat(depth)}1${")".repeat(depth)}`)).toBe(`select ${"(".repeat(993)}`);
    expect(fingerprint(`SELECT * FROM t WHERE a IN ${"(".repeat(depth)}`)).toBe(`select * from t where a in ${"(".repeat(1000 - 27)}`);
    expect(fingerprint("'".repeat(1_000_001))).toBe("?");
    expect(fingerprint("''".repeat(500_000))).toBe("?");
    expect(fingerprint("/* ".repeat(400_000))).toBe("");
    expect(fingerprint("/*".repeat(500_000)).startsWith("* * *")).toBe(true); // `/*/*/` closes
    expect(fingerprint("-".repeat(1_000_000))).toBe("-".repeat(1000));
    expect(fingerprint("\\'".repeat(500_000))).toBe("\\?");
    expect(writeKindOf(`${"/**/".repeat(250_000)} UPDATE t SET a = 1`)).toBe("update");
    expect(writeKindOf(`${"-- x\n".repeat(200_000)}DELETE FROM t`)).toBe("delete");
    expect(maskSecrets(`SELECT ${"identified ".repeat(100_000)}`)).toBe(`SELECT ${"identified ".repeat(100_000)}`);
  });
});

describe("capStatementText", () => {
  it("keeps the first 16 KiB and notes the full length of a longer statement", () => {
    expect(capStatementText("SELECT 1")).toEqual({ text: "SELECT 1" });
    const big = `SELECT '${"x".repeat(4 * 1024 * 1024)}'`;
    const capped = capStatementText(big);
    expect(capped.text).toBe(big.slice(0, STATEMENT_TEXT_CAP));
    expect(capped.fullLength).toBe(big.length);
    // never half an emoji
    const emoji = "x".repeat(STATEMENT_TEXT_CAP - 1) + "😀😀";
    expect(capStatementText(emoji).text).toBe("x".repeat(STATEMENT_TEXT_CAP - 1));
  });
});

/** Characters that steer the tokenizer, so generated strings hit every branch often. */
const sqlish = fc.string({
  unit: fc.constantFrom("'", '"', "`", "\\", "/", "*", "#", "-", "\n", " ", "\t", "(", ")", ",", "?", "0", "1", "x", "b", "e", ".", "in", "IN", "values", "VALUES", "a", "é", "😀", "password"),
  maxLength: 300,
});

describe("fingerprint properties", () => {
  it("terminates on any text with at most 1000 characters", () => {
    fc.assert(
      fc.property(fc.oneof(sqlish, fc.string({ unit: "binary", maxLength: 300 })), (s) => {
        const f = fingerprint(s);
        expect(f.length).toBeLessThanOrEqual(1000);
        expect(writeKindOf(s) === null || WRITE_KINDS.includes(writeKindOf(s)!)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  // A fingerprint is made of `?`, lower-case words, closed backtick identifiers, single spaces and
  // punctuation, and its folded lists contain `+`: reading it again finds the same tokens.
  it("is idempotent (below the 1000-character cut), so masking twice is masking once", () => {
    fc.assert(
      fc.property(fc.oneof(sqlish, fc.string({ unit: "binary", maxLength: 300 })), (s) => {
        const f = fingerprint(s);
        fc.pre(f.length < 1000);
        expect(fingerprint(f)).toBe(f);
        expect(maskSecrets(maskSecrets(s))).toBe(maskSecrets(s));
      }),
      { numRuns: 3000 },
    );
  });

  // Well-formed SQL around a password literal: whatever the statement, the password is gone.
  const token = fc.oneof(
    fc.constantFrom("select", "insert", "into", "values", "in", "(", ")", ",", "=", "@", "`t``x`", "-- c\n", "/* c */", "# c\n", "1", "-2", "0x1f", "?"),
    fc.string({ unit: fc.constantFrom("a", "b", "c", "_", "1"), minLength: 1, maxLength: 6 }),
    fc.string({ maxLength: 8 }).map((v) => `'${v.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`),
  );
  it("never shows a secret literal of a statement that names a password", () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 20 }), fc.string({ maxLength: 20 }), fc.array(token, { maxLength: 10 }), (before, secret, after) => {
        const literal = `'Zq7${secret.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
        const sql = [...before, "IDENTIFIED BY", literal, ...after].join(" ");
        expect(maskSecrets(sql)!.toLowerCase()).not.toContain("zq7");
      }),
      { numRuns: 2000 },
    );
  });
});
