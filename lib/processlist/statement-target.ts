import { tokenAt } from "./sql-tokens";

/** What a statement does and to which table, as a person names it: "UPDATE order_ledger". */
export interface StatementTarget {
  /** The statement's first keyword, upper-cased (UPDATE, INSERT, ALTER, SELECT ...); null for an empty text. */
  verb: string | null;
  /** The table it writes or changes (schema-qualified when the text qualifies it); null when none is named. */
  table: string | null;
}

/** Words that may stand between the verb and the table, per verb; `to` is the word that names the table next. */
const BEFORE_TABLE: Record<string, { skip: readonly string[]; to?: string }> = {
  update: { skip: ["low_priority", "ignore"] },
  insert: { skip: ["low_priority", "delayed", "high_priority", "ignore", "into"] },
  replace: { skip: ["low_priority", "delayed", "into"] },
  delete: { skip: ["low_priority", "quick", "ignore"], to: "from" },
  alter: { skip: ["online", "ignore", "table"] },
  truncate: { skip: ["table"] },
  create: { skip: ["or", "replace", "temporary", "table", "if", "not", "exists"] },
  drop: { skip: ["temporary", "table", "if", "exists"] },
  load: { skip: ["data", "local", "low_priority", "concurrent"], to: "table" },
};

/** How far into a statement the table is looked for: a name comes early or not at all. */
const MAX_TOKENS = 40;

/**
 * The verb and target table of a statement, in one forward pass over at most its first few
 * tokens: the replica's applied event or a batch job's statement named the way the on-call
 * engineer says it. Lenient: anything it cannot read gives a null table, never an error.
 */
export function statementTarget(sql: string | null): StatementTarget {
  const words: { text: string; kind: string }[] = [];
  for (let i = 0; sql && i < sql.length && words.length < MAX_TOKENS; ) {
    const t = tokenAt(sql, i);
    i = t.end;
    if (t.kind === "space") continue;
    const raw = sql.slice(t.start, t.end);
    words.push({ kind: t.kind, text: t.kind === "identifier" ? raw.slice(1, -1).replace(/``/g, "`") : raw });
  }
  const first = words[0];
  if (!first || first.kind !== "word") return { verb: null, table: null };
  const verb = first.text.toLowerCase();
  const rule = BEFORE_TABLE[verb];
  if (!rule) return { verb: verb.toUpperCase(), table: null };
  let i = 1;
  if (rule.to) {
    while (i < words.length && words[i].text.toLowerCase() !== rule.to) i++;
    i++;
  }
  while (i < words.length && words[i].kind === "word" && rule.skip.includes(words[i].text.toLowerCase())) i++;
  return { verb: verb.toUpperCase(), table: qualifiedName(words, i) };
}

/** `schema.table` or `table` starting at word `i`; null when no name starts there. */
function qualifiedName(words: { text: string; kind: string }[], i: number): string | null {
  const isName = (w: { kind: string } | undefined) => w?.kind === "word" || w?.kind === "identifier";
  if (!isName(words[i])) return null;
  let name = words[i].text;
  if (words[i + 1]?.text === "." && isName(words[i + 2])) name += `.${words[i + 2].text}`;
  return name;
}
