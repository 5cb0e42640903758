import { getStore, type StoreDb } from "@/lib/store";
import { DEFAULT_RUNBOOKS, RUNBOOK_FOR_CODE } from "./defaults";

export interface Runbook {
  slug: string;
  title: string;
  /** Markdown */
  body: string;
  /** "default" while the shipped text is in force, "edited" once an admin changed it */
  source: "default" | "edited";
  updatedAt: string | null;
  updatedBy: string | null;
  /** problem and alert codes that link here */
  codes: string[];
}

interface RunbookRow {
  slug: string;
  title: string;
  body: string;
  updated_at: string;
  updated_by: string;
}

const codesOf = (slug: string) => Object.entries(RUNBOOK_FOR_CODE).filter(([, s]) => s === slug).map(([c]) => c);

function merge(slug: string, row: RunbookRow | undefined): Runbook | null {
  const shipped = DEFAULT_RUNBOOKS.find((r) => r.slug === slug);
  if (row) return { slug, title: row.title, body: row.body, source: "edited", updatedAt: row.updated_at, updatedBy: row.updated_by, codes: codesOf(slug) };
  if (shipped) return { slug, title: shipped.title, body: shipped.body, source: "default", updatedAt: null, updatedBy: null, codes: codesOf(slug) };
  return null;
}

/** Every runbook: the shipped ones (edited or not) first, then any an admin added. */
export function listRunbooks(db: StoreDb = getStore()): Runbook[] {
  const rows = db.prepare(`SELECT * FROM runbooks ORDER BY slug`).all() as RunbookRow[];
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  const shipped = DEFAULT_RUNBOOKS.map((d) => merge(d.slug, bySlug.get(d.slug))!);
  const added = rows.filter((r) => !DEFAULT_RUNBOOKS.some((d) => d.slug === r.slug)).map((r) => merge(r.slug, r)!);
  return [...shipped, ...added];
}

export function getRunbook(slug: string, db: StoreDb = getStore()): Runbook | null {
  return merge(slug, db.prepare(`SELECT * FROM runbooks WHERE slug = ?`).get(slug) as RunbookRow | undefined);
}

/** Save an admin's version (creates a new runbook when the slug is new). */
export function saveRunbook(slug: string, input: { title: string; body: string }, by: string, now = new Date(), db: StoreDb = getStore()): Runbook {
  db.prepare(
    `INSERT INTO runbooks (slug, title, body, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (slug) DO UPDATE SET title = excluded.title, body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(slug, input.title, input.body, now.toISOString(), by);
  return getRunbook(slug, db)!;
}

/** Drop the admin's version: a shipped runbook returns to its default, an added one is gone. Returns what remains. */
export function resetRunbook(slug: string, db: StoreDb = getStore()): Runbook | null {
  db.prepare(`DELETE FROM runbooks WHERE slug = ?`).run(slug);
  return getRunbook(slug, db);
}
