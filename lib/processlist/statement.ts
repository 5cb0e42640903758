/** Statement text helpers: what kind of write a statement is, and its fingerprint (pt-fingerprint style). */

export type WriteKind = "insert" | "update" | "delete" | "replace";

export const WRITE_KINDS: readonly WriteKind[] = ["insert", "update", "delete", "replace"];

/** Drops leading comments and whitespace: `/* job 42 *\/ UPDATE ...` is an UPDATE. */
function stripLeadingComments(sql: string): string {
  let s = sql.trimStart();
  for (;;) {
    if (s.startsWith("/*")) {
      const end = s.indexOf("*/");
      if (end < 0) return "";
      s = s.slice(end + 2).trimStart();
    } else if (s.startsWith("-- ") || s.startsWith("#")) {
      const end = s.indexOf("\n");
      if (end < 0) return "";
      s = s.slice(end + 1).trimStart();
    } else return s;
  }
}

/** insert/update/delete/replace for a data-changing statement (INSERT ... SELECT counts as insert); else null. */
export function writeKindOf(sql: string | null): WriteKind | null {
  if (!sql) return null;
  const m = /^(insert|update|delete|replace)\b/i.exec(stripLeadingComments(sql));
  return m ? (m[1].toLowerCase() as WriteKind) : null;
}

/**
 * The statement with its literals replaced by `?`, comments dropped, whitespace collapsed and
 * lower-cased, so one batch job's thousand UPDATEs share one fingerprint.
 */
export function fingerprint(sql: string): string {
  return stripLeadingComments(sql)
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/'(?:[^'\\]|\\.|'')*'/g, "?")
    .replace(/"(?:[^"\\]|\\.|"")*"/g, "?")
    .replace(/\b0x[0-9a-f]+\b/gi, "?")
    .replace(/(?<![\w`])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?\b/gi, "?")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase()
    .replace(/\bin\s*\((?:\s*\?\s*,?)+\)/g, "in(?+)")
    .replace(/\bvalues\s*(?:\((?:\s*\?\s*,?)+\)\s*,?\s*)+/g, "values(?+)")
    .slice(0, 1000);
}

/** Comparable text of a statement for "is it still the same statement?": whitespace-insensitive. */
export function sameStatement(a: string | null, b: string | null): boolean {
  const norm = (s: string | null) => (s ?? "").replace(/\s+/g, " ").trim();
  return norm(a) === norm(b);
}

/** Statements that may carry a password or a key in a literal. */
const MAY_CARRY_SECRET = /identified\s+(by|with)|password|\bsecret\b|aes_(en|de)crypt|des_(en|de)crypt|master_password/i;

/**
 * The statement as anyone may read it: one that may carry a secret keeps only its literal-free
 * fingerprint (viewers and the audit log see this; operators deciding on a kill see the text).
 */
export function maskSecrets(sql: string | null): string | null {
  if (sql == null) return null;
  return MAY_CARRY_SECRET.test(sql) ? fingerprint(sql) : sql;
}
