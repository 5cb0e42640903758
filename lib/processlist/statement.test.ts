import { describe, expect, it } from "vitest";
import { fingerprint, sameStatement, writeKindOf, maskSecrets } from "./statement";

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
