/**
 * A single-pass SQL tokenizer for statement text as MySQL and MariaDB show it. `tokenAt` reads
 * the one token that starts at an index and never looks back: scanning a whole text costs one
 * step per character, whatever the text. It only needs to tell literals from the rest, so it is
 * lenient: whatever does not parse still ends up in some token, and an unclosed quote or comment
 * runs to the end of the text.
 */

/**
 * space: whitespace and comments (`/* *\/`, `# ...`, `-- ...`); literal: a string, number, hex
 * or bit value; word: a keyword or bare identifier; identifier: a backtick-quoted one;
 * punct: any other single character.
 */
export type TokenKind = "space" | "literal" | "word" | "identifier" | "punct";

export interface Token {
  kind: TokenKind;
  start: number;
  /** Just past the token's last character. */
  end: number;
}

const BACKSLASH = 0x5c;
const BACKTICK = 0x60;
const SINGLE = 0x27;
const DOUBLE = 0x22;
const NEWLINE = 0x0a;

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHexDigit = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** What `\s` matches, by code. */
export function isSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) || c === 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** Letters, digits, `_`, `$` and anything beyond ASCII that is not a space: what a bare identifier is made of. */
export function isWordChar(c: number): boolean {
  return (
    isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24 || (c >= 0x80 && !isSpace(c))
  );
}

/**
 * Just past the quoted stretch that opens at `i` (s[i] is the quote), or the text's end when it
 * never closes. A doubled quote or (outside backticks) a backslash escapes. A string quote glued
 * to a word character does not close the string: no statement writes `'a'b`, but server messages
 * quote statements without escaping theirs (`Query: 'CREATE USER 'x'@'%' ...'`), and reading
 * those as one literal keeps their values out of a masked text.
 */
function quotedEnd(s: string, i: number, quote: number): { end: number; closed: boolean } {
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === BACKSLASH && quote !== BACKTICK) j++;
    else if (c === quote) {
      const after = s.charCodeAt(j + 1);
      if (after === quote) j++;
      else if (quote === BACKTICK || !isWordChar(after)) return { end: j + 1, closed: true };
    }
  }
  return { end: s.length, closed: false };
}

/** Just past the run of word characters from `i`. */
function wordEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && isWordChar(s.charCodeAt(j))) j++;
  return j;
}

/** Just past the digits from `i`. */
function digitsEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && isDigit(s.charCodeAt(j))) j++;
  return j;
}

/**
 * A number from `i` (a digit, or a `-` before one): 12, -3, 4.5, 6e-7, 0x1F, 0b101. null when the
 * characters run on into a word (`1st`, `0xZZ`): then it is an identifier, as MySQL reads it.
 */
function numberEnd(s: string, i: number): number | null {
  const from = s.charCodeAt(i) === 0x2d ? i + 1 : i;
  const radix = s.charCodeAt(from) === 0x30 ? s.charCodeAt(from + 1) | 0x20 : 0;
  if (from === i && (radix === 0x78 || radix === 0x62)) {
    // 0x... / 0b...
    let j = from + 2;
    const ok = radix === 0x78 ? isHexDigit : (c: number) => c === 0x30 || c === 0x31;
    while (j < s.length && ok(s.charCodeAt(j))) j++;
    if (j > from + 2 && !isWordChar(s.charCodeAt(j))) return j;
  }
  let j = digitsEnd(s, from);
  if (s.charCodeAt(j) === 0x2e && isDigit(s.charCodeAt(j + 1))) j = digitsEnd(s, j + 1);
  if ((s.charCodeAt(j) | 0x20) === 0x65) {
    const sign = s.charCodeAt(j + 1);
    const k = sign === 0x2b || sign === 0x2d ? j + 2 : j + 1;
    if (isDigit(s.charCodeAt(k))) j = digitsEnd(s, k);
  }
  return isWordChar(s.charCodeAt(j)) ? null : j;
}

/** Just past the comment or whitespace run at `i`, or -1 when neither starts there. */
function spaceEnd(s: string, i: number): number {
  let j = i;
  for (;;) {
    const c = s.charCodeAt(j);
    if (isSpace(c)) j++;
    else if (c === 0x2f && s.charCodeAt(j + 1) === 0x2a) {
      const close = s.indexOf("*/", j + 2);
      j = close < 0 ? s.length : close + 2;
    } else if (c === 0x23 || (c === 0x2d && s.charCodeAt(j + 1) === 0x2d && (isSpace(s.charCodeAt(j + 2)) || s.charCodeAt(j + 2) < 0x20))) {
      // `-- ` needs whitespace or a control character after the dashes, as MySQL reads it.
      const close = s.indexOf("\n", j);
      j = close < 0 ? s.length : close + 1;
    } else return j > i ? j : -1;
    if (j >= s.length) return j;
  }
}

/** The token that starts at `i` (i < s.length). */
export function tokenAt(s: string, i: number): Token {
  const c = s.charCodeAt(i);
  const space = spaceEnd(s, i);
  if (space > 0) return { kind: "space", start: i, end: space };
  if (c === SINGLE || c === DOUBLE) return { kind: "literal", start: i, end: quotedEnd(s, i, c).end };
  if (c === BACKTICK) {
    const q = quotedEnd(s, i, c);
    // An unclosed backtick may hide anything: read it as a literal so that it is masked.
    return { kind: q.closed ? "identifier" : "literal", start: i, end: q.end };
  }
  const before = i > 0 ? s.charCodeAt(i - 1) : 0;
  // A digit or `-digit` starts a number unless it continues an identifier (`t1`, `` `t`1 ``, `a-1`).
  if ((isDigit(c) || (c === 0x2d && isDigit(s.charCodeAt(i + 1)))) && !isWordChar(before) && before !== BACKTICK) {
    const end = numberEnd(s, i);
    if (end !== null) return { kind: "literal", start: i, end };
    if (c === 0x2d) return { kind: "punct", start: i, end: i + 1 };
  }
  if (isWordChar(c)) {
    const end = wordEnd(s, i);
    // x'1F', b'01', n'text': a literal with a one-letter prefix.
    if (end === i + 1 && s.charCodeAt(end) === SINGLE && "xXbBnN".includes(s[i])) {
      return { kind: "literal", start: i, end: quotedEnd(s, end, SINGLE).end };
    }
    return { kind: "word", start: i, end };
  }
  return { kind: "punct", start: i, end: i + 1 };
}
