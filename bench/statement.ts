/**
 * Statement text in linear time, measured side by side in one run (no lab needed): time per kB
 * of fingerprint() and maskSecrets() on ordinary and hostile statements at several lengths.
 * Goal: hostile statements cost the same order per kB as ordinary ones, and per kB stays flat
 * as the length grows (linear). The last table is what a poll pays: statements as the console
 * holds them, cut to 16 KiB where they enter.
 */
import { capStatementText, fingerprint, maskSecrets, STATEMENT_TEXT_CAP } from "@/lib/processlist/statement";

const LENGTHS = [1024, 16 * 1024, 256 * 1024, 1024 * 1024];
const fmt = (n: number, d = 2) => n.toFixed(d);

/** Repeats `unit` (from `i`) until the text is `length` characters long. */
function grow(prefix: string, unit: (i: number) => string, suffix: string, length: number): string {
  let s = prefix;
  for (let i = 0; s.length < length - suffix.length; i++) s += unit(i);
  return (s + suffix).slice(0, Math.max(length, prefix.length + suffix.length));
}

const ORDINARY: Record<string, (n: number) => string> = {
  "insert rows": (n) => grow("INSERT INTO shop.order_ledger (order_id, amount, note) VALUES ", (i) => `${i ? ", " : ""}(${i}, ${i}.99, 'note ${i}')`, "", n),
  "in list": (n) => grow("SELECT * FROM orders WHERE customer_id IN (", (i) => `${i ? ", " : ""}${1000 + i}`, ")", n),
  "update batch": (n) => grow("", (i) => `UPDATE orders SET status = 'paid', total = ${i}.5 WHERE id = ${i} AND note <> 'it''s';\n`, "", n),
};

const HOSTILE: Record<string, (n: number) => string> = {
  "adjacent literals": (n) => grow("INSERT INTO t VALUES (", () => "'x' ", ", SLEEP(12))", n),
  "unclosed quote": (n) => grow("SELECT '", (i) => (i % 2 ? "\\'" : "''"), "", n),
  "unclosed comment": (n) => grow("SELECT 1 /*", () => " /* '", "", n),
  "deep nesting": (n) => grow("SELECT * FROM t WHERE a IN ", () => "(", "", n),
  "comment storm": (n) => grow("", () => "/**/-- \n# '\n", "UPDATE t SET a = 1", n),
  "open lists": (n) => grow("SELECT 1 FROM t WHERE ", (i) => `a IN (${i}, '${i}', `, "", n),
};

/** Microseconds per kB of `fn(text)`: the best of 5 rounds of at least 30 ms each. */
function microsPerKb(fn: (s: string) => unknown, text: string): number {
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    let runs = 0;
    const started = performance.now();
    do {
      fn(text);
      runs++;
    } while (performance.now() - started < 30);
    best = Math.min(best, ((performance.now() - started) * 1000) / runs / (text.length / 1024));
  }
  return best;
}

// Hinted so that maskSecrets really fingerprints (an unhinted text is returned as it is).
const masked = (s: string) => maskSecrets(`/* password */ ${s}`);

function table(title: string, fn: (s: string) => unknown): number {
  console.log(`\n${title}: µs per kB`);
  console.log(`    ${"statement".padEnd(20)}${LENGTHS.map((l) => `${l / 1024} kB`.padStart(10)).join("")}   worst/best`);
  const perKind = new Map<string, number[]>();
  for (const [group, kinds] of [["ordinary", ORDINARY], ["hostile", HOSTILE]] as const) {
    for (const [name, make] of Object.entries(kinds)) {
      const row = LENGTHS.map((l) => microsPerKb(fn, make(l)));
      perKind.set(`${group}:${name}`, row);
      const flat = Math.max(...row) / Math.min(...row);
      console.log(`    ${`${name} (${group[0]})`.padEnd(20)}${row.map((v) => fmt(v).padStart(10)).join("")}   ${fmt(flat).padStart(10)}`);
    }
  }
  const worst = (group: string) => Math.max(...[...perKind].filter(([k]) => k.startsWith(group)).flatMap(([, v]) => v));
  const ratio = worst("hostile") / worst("ordinary");
  console.log(`    worst hostile / worst ordinary per kB: ${fmt(ratio)}   goal <= 10 (same order): ${ratio <= 10 ? "met" : "MISSED"}`);
  return ratio;
}

console.log(`Node ${process.version}; per kB at each length (o: ordinary, h: hostile); flat per kB = linear.`);
console.log("Per kB falls where the fingerprint fills its 1000 characters early and reading stops (a bounded cost).");
// Warm up the JIT on every kind first, so the first row measured is not the slow one.
for (const make of [...Object.values(ORDINARY), ...Object.values(HOSTILE)]) {
  const text = make(16 * 1024);
  for (let i = 0; i < 50; i++) masked(text) && fingerprint(text);
}
const ratios = [table("fingerprint()", fingerprint), table("maskSecrets() of a statement that may carry a secret", masked)];

// What a poll pays: the console holds at most 16 KiB of any statement.
console.log(`\nper poll, a 4 MB statement as the console holds it (cut to ${STATEMENT_TEXT_CAP / 1024} KiB where it enters): ms per statement`);
for (const [name, make] of Object.entries({ ...ORDINARY, ...HOSTILE })) {
  const held = capStatementText(make(4 * 1024 * 1024)).text;
  const ms = (microsPerKb(fingerprint, held) * (held.length / 1024)) / 1000;
  console.log(`    ${name.padEnd(20)}${fmt(ms, 3).padStart(10)}`);
}
process.exit(ratios.every((r) => r <= 10) ? 0 : 1);
