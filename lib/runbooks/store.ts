import type { Selectable } from "kysely";
import { store, type Store, type StoreSchema } from "@/lib/store";
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

type RunbookRow = Selectable<StoreSchema["runbooks"]>;

const codesOf = (slug: string) => Object.entries(RUNBOOK_FOR_CODE).filter(([, s]) => s === slug).map(([c]) => c);

function merge(slug: string, row: RunbookRow | undefined): Runbook | null {
  const shipped = DEFAULT_RUNBOOKS.find((r) => r.slug === slug);
  if (row) return { slug, title: row.title, body: row.body, source: "edited", updatedAt: row.updated_at, updatedBy: row.updated_by, codes: codesOf(slug) };
  if (shipped) return { slug, title: shipped.title, body: shipped.body, source: "default", updatedAt: null, updatedBy: null, codes: codesOf(slug) };
  return null;
}

/** Every runbook: the shipped ones (edited or not) first, then any an admin added. */
export async function listRunbooks(db?: Store): Promise<Runbook[]> {
  const d = db ?? (await store());
  // sorted here, not by the engine: PostgreSQL's collation would order "a-b" and "ab" otherwise than SQLite
  const rows = (await d.selectFrom("runbooks").selectAll().execute()).sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  const shipped = DEFAULT_RUNBOOKS.map((r) => merge(r.slug, bySlug.get(r.slug))!);
  const added = rows.filter((r) => !DEFAULT_RUNBOOKS.some((s) => s.slug === r.slug)).map((r) => merge(r.slug, r)!);
  return [...shipped, ...added];
}

export async function getRunbook(slug: string, db?: Store): Promise<Runbook | null> {
  const d = db ?? (await store());
  return merge(slug, await d.selectFrom("runbooks").selectAll().where("slug", "=", slug).executeTakeFirst());
}

/** Save an admin's version (creates a new runbook when the slug is new). */
export async function saveRunbook(slug: string, input: { title: string; body: string }, by: string, now = new Date(), db?: Store): Promise<Runbook> {
  const d = db ?? (await store());
  const row = await d
    .insertInto("runbooks")
    .values({ slug, title: input.title, body: input.body, updated_at: now.toISOString(), updated_by: by })
    .onConflict((oc) =>
      oc.column("slug").doUpdateSet((eb) => ({
        title: eb.ref("excluded.title"),
        body: eb.ref("excluded.body"),
        updated_at: eb.ref("excluded.updated_at"),
        updated_by: eb.ref("excluded.updated_by"),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return merge(slug, row)!;
}

/** Drop the admin's version: a shipped runbook returns to its default, an added one is gone. Returns what remains. */
export async function resetRunbook(slug: string, db?: Store): Promise<Runbook | null> {
  const d = db ?? (await store());
  await d.deleteFrom("runbooks").where("slug", "=", slug).execute();
  return merge(slug, undefined);
}
