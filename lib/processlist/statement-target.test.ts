import { describe, expect, it } from "vitest";
import { statementTarget } from "./statement-target";

describe("statementTarget", () => {
  it.each([
    ["UPDATE order_ledger SET amount_cents = amount_cents + 1 WHERE order_ref % 12 = 3", "UPDATE", "order_ledger"],
    ["/* job 42 */ update low_priority ignore shop.orders set qty = 1", "UPDATE", "shop.orders"],
    ["INSERT INTO `shop` . `orders` (a) VALUES (?)", "INSERT", "shop.orders"],
    ["insert ignore into orders values (1)", "INSERT", "orders"],
    ["REPLACE INTO t1 SELECT * FROM t2", "REPLACE", "t1"],
    ["DELETE QUICK FROM sessions WHERE expires < NOW()", "DELETE", "sessions"],
    ["ALTER ONLINE TABLE shop.orders ADD INDEX (customer)", "ALTER", "shop.orders"],
    ["CREATE TABLE IF NOT EXISTS `we``ird` (id int)", "CREATE", "we`ird"],
    ["TRUNCATE TABLE audit_old", "TRUNCATE", "audit_old"],
    ["LOAD DATA LOCAL INFILE '/tmp/x' INTO TABLE imports", "LOAD", "imports"],
  ])("%s: %s on %s", (sql, verb, table) => {
    expect(statementTarget(sql)).toEqual({ verb, table });
  });

  it("a statement that names no table it changes has a verb and no table", () => {
    expect(statementTarget("SELECT SLEEP(86400) FROM shop.orders")).toEqual({ verb: "SELECT", table: null });
    expect(statementTarget("COMMIT")).toEqual({ verb: "COMMIT", table: null });
  });

  it("empty, null, unreadable or hostile text never throws", () => {
    expect(statementTarget(null)).toEqual({ verb: null, table: null });
    expect(statementTarget("   ")).toEqual({ verb: null, table: null });
    expect(statementTarget("'unclosed UPDATE x")).toEqual({ verb: null, table: null });
    expect(statementTarget("UPDATE")).toEqual({ verb: "UPDATE", table: null });
    // The name is looked for in the first tokens only: a huge text costs what its start costs.
    expect(statementTarget(`DELETE ${"a ".repeat(200_000)}FROM t`)).toEqual({ verb: "DELETE", table: null });
  });
});
