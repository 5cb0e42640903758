/**
 * Statement text helpers: what kind of write a statement is, its fingerprint (pt-fingerprint
 * style) and the text as anyone may read it. Everything here is one forward pass over the text
 * (see ./sql-tokens.ts): no regex that can backtrack, so a hostile statement costs what its length
 * costs.
 */
import { tokenAt, type Token } from "./sql-tokens";

export type WriteKind = "insert" | "update" | "delete" | "replace";

export const WRITE_KINDS: readonly WriteKind[] = ["insert", "update", "delete", "replace"];

/**
 * How much of a statement the console holds: a processlist or digest row keeps its first 16 KiB
 * characters and notes the full length, so a multi-megabyte statement costs nothing per poll.
 */
export const STATEMENT_TEXT_CAP = 16 * 1024;

/** The first `cap` characters (never half a surrogate pair) and, when cut, the full length. */
export function capStatementText(text: string, cap = STATEMENT_TEXT_CAP): { text: string; fullLength?: number } {
  if (text.length <= cap) return { text };
  const high = text.charCodeAt(cap - 1);
  const end = high >= 0xd800 && high <= 0xdbff ? cap - 1 : cap;
  return { text: text.slice(0, end), fullLength: text.length };
}

/** insert/update/delete/replace for a data-changing statement (INSERT ... SELECT counts as insert); else null. */
export function writeKindOf(sql: string | null): WriteKind | null {
  if (!sql) return null;
  // The first token that is not a comment or whitespace: `/* job 42 */ UPDATE ...` is an UPDATE.
  for (let i = 0; i < sql.length; ) {
    const t = tokenAt(sql, i);
    if (t.kind !== "space") {
      const word = t.kind === "word" ? sql.slice(t.start, t.end).toLowerCase() : "";
      return (WRITE_KINDS as readonly string[]).includes(word) ? (word as WriteKind) : null;
    }
    i = t.end;
  }
  return null;
}

const FINGERPRINT_CHARS = 1000;

/**
 * Folds `in (?, ?)` to `in(?+)` and `values (?, ?), (?, ?)` to `values(?+)` as tokens arrive.
 * The text of a list being read is held aside until the list closes (folded) or something else
 * turns up (kept as it was, and that token starts afresh): every token is looked at once.
 */
class ListFolder {
  private keyword: "in" | "values" | null = null;
  /** The separator before the keyword. */
  private lead = "";
  /**
   * Text since the keyword as it would read unfolded, as character codes: every token a list
   * takes is one character, and a flat array of small numbers costs the collector nothing.
   */
  private readonly held: number[] = [];
  /** values: a whole `(...)` group has been read (`held` is then what follows the last one). */
  private folded = false;
  private state: "open" | "first_item" | "after_item" | "after_comma" | "after_group" | "group_comma" = "open";

  constructor(private readonly emit: (text: string) => void) {}

  get reading(): boolean {
    return this.keyword !== null;
  }

  start(keyword: "in" | "values", lead: string): void {
    this.keyword = keyword;
    this.lead = lead;
    this.held.length = 0;
    this.folded = false;
    this.state = "open";
  }

  /**
   * Offers the next token's output text (`?` for a literal). False when the list is over and the
   * token was not taken: the caller handles it as a fresh token.
   */
  offer(text: string, sep: string): boolean {
    const next = this.next(text);
    if (next === null) {
      this.flush();
      return false;
    }
    if (sep) this.held.push(0x20);
    this.held.push(text.charCodeAt(0));
    if (next === "closed" && this.keyword === "in") {
      this.emit(this.lead + "in(?+)");
      this.keyword = null;
    } else if (next === "closed") {
      // Only what follows the last whole group can still go out as text.
      this.held.length = 0;
      this.folded = true;
      this.state = "after_group";
    } else this.state = next;
    return true;
  }

  /** The grammar of `(? [,] ? ...)` groups (commas optional, as in pt-fingerprint); null: not a list. */
  private next(text: string): ListFolder["state"] | "closed" | null {
    const item = text === "?";
    switch (this.state) {
      case "open":
      case "group_comma":
        return text === "(" ? "first_item" : null;
      case "first_item":
        return item ? "after_item" : null;
      case "after_item":
        return item ? "after_item" : text === "," ? "after_comma" : text === ")" ? "closed" : null;
      case "after_comma":
        return item ? "after_item" : text === ")" ? "closed" : null;
      case "after_group":
        return text === "(" ? "first_item" : text === "," ? "group_comma" : null;
    }
  }

  /** The list ends here: whatever was held goes out, folded as far as its groups closed. */
  flush(): void {
    if (this.keyword === null) return;
    // Only the start can show: a fingerprint is cut at FINGERPRINT_CHARS.
    const text = String.fromCharCode(...this.held.slice(0, FINGERPRINT_CHARS));
    this.emit(this.lead + (this.folded ? "values(?+)" : this.keyword) + text);
    this.keyword = null;
  }
}

/**
 * The statement with its literals replaced by `?`, comments dropped, whitespace collapsed and
 * lower-cased, lists of literals folded, so one batch job's thousand UPDATEs share one
 * fingerprint. At most 1000 characters; an unclosed literal or comment runs to the end.
 */
export function fingerprint(sql: string): string {
  let out = "";
  const folder = new ListFolder((text) => (out += text));
  let space = false;
  for (let i = 0; i < sql.length && out.length < FINGERPRINT_CHARS; ) {
    const t: Token = tokenAt(sql, i);
    i = t.end;
    if (t.kind === "space") {
      space = true;
      continue;
    }
    const text = t.kind === "literal" ? "?" : t.kind === "punct" ? sql[t.start] : sql.slice(t.start, t.end).toLowerCase();
    // No space after `--`: that would read as a comment when fingerprinted again.
    const sep = space && (out.length > 0 || folder.reading) && !out.endsWith("--") ? " " : "";
    space = false;
    if (folder.reading && folder.offer(text, sep)) continue;
    if (t.kind === "word" && (text === "in" || text === "values")) folder.start(text, sep);
    else out += sep + text;
  }
  folder.flush();
  return out.length > FINGERPRINT_CHARS ? out.slice(0, FINGERPRINT_CHARS).trimEnd() : out;
}

/** Comparable text of a statement for "is it still the same statement?": whitespace-insensitive. */
export function sameStatement(a: string | null, b: string | null): boolean {
  const norm = (s: string | null) => (s ?? "").replace(/\s+/g, " ").trim();
  return norm(a) === norm(b);
}

/**
 * Texts that may carry a password or a key. Linear: every alternative is a fixed word, and the
 * one `\s+` follows a fixed word, so a backtracking engine retries each whitespace run once.
 */
const MAY_CARRY_SECRET = /identified\s+(by|with)|password|\bsecret\b|aes_(en|de)crypt|des_(en|de)crypt|master_password/i;

/**
 * The text as anyone may read it: one that may carry a secret keeps only its literal-free
 * fingerprint. The one masking rule for statements and for messages that quote them (a
 * replication error, an alert, a refusal): viewers, the audit log, the timeline and webhooks see
 * this; operators deciding on a kill see the text.
 */
export function maskSecrets(text: string | null): string | null {
  if (text == null) return null;
  return MAY_CARRY_SECRET.test(text) ? fingerprint(text) : text;
}
