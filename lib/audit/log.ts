import type { Selectable } from "kysely";
import { ApiError } from "@/lib/errors";
import { store, type Store, type StoreSchema } from "@/lib/store";
import type { Role } from "@/lib/auth/roles";
import { paramsToJson } from "./redact";
import type { AuditEntry, AuditFilters, AuditInput } from "./types";

type AuditRow = Selectable<StoreSchema["audit"]>;

function toEntry(row: AuditRow): AuditEntry {
  let params: Record<string, unknown> | null = null;
  if (row.params) {
    try {
      params = JSON.parse(row.params) as Record<string, unknown>;
    } catch {
      params = { raw: row.params };
    }
  }
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    role: row.role as Role | null,
    via: row.via as AuditEntry["via"],
    action: row.action,
    serverId: row.server_id,
    params,
    result: row.result,
    error: row.error,
    durationMs: row.duration_ms,
    ip: row.ip,
  };
}

function isoOf(value: string | Date): string {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a time: ${String(value)}`);
  return d.toISOString();
}

/** Text as both engines store it: PostgreSQL refuses NUL in text, so no value the log keeps or looks for has one. */
const storable = (text: string) => text.replaceAll("\0", "\uFFFD");

function rowOf(input: AuditInput) {
  // every field bounded: a row costs the same whatever a stranger sends
  const bounded = (text: string | null | undefined, chars: number) => (text == null ? null : storable(text.slice(0, chars)));
  return {
    at: (input.at ?? new Date()).toISOString(),
    actor: storable(input.actor.slice(0, 200)),
    role: input.role ?? null,
    via: input.via ?? null,
    action: storable(input.action.slice(0, 200)),
    server_id: bounded(input.serverId, 200),
    params: paramsToJson(input.params),
    result: input.result,
    error: input.error ? storable(input.error.slice(0, 2000)) : null,
    duration_ms: Math.max(0, Math.round(input.durationMs)),
    ip: bounded(input.ip, 64),
  };
}

async function insert(input: AuditInput, db?: Store): Promise<AuditEntry> {
  const d = db ?? (await store());
  return toEntry(await d.insertInto("audit").values(rowOf(input)).returningAll().executeTakeFirstOrThrow());
}

/**
 * Append one entry to the audit trail. Never rejects: an action that happened must not be reported
 * as failed because the log could not be written (the failure is logged to stderr instead).
 */
export async function recordAudit(input: AuditInput, db?: Store): Promise<AuditEntry | null> {
  try {
    return await insert(input, db);
  } catch (err) {
    console.error("[hotseat] could not write the audit log:", err);
    return null;
  }
}

/** What an opened entry says until its action has finished: true if the console stops before that. */
export const UNFINISHED = "unfinished: the console stopped before this action ended";

/**
 * Write the entry of an action before the action runs, so that no action happens unaudited: it
 * reads "error, unfinished" until finishAudit() records the outcome. Rejects with ApiError
 * unavailable (503) when the store cannot be opened or written (disk full, read-only file, database
 * down): the caller must not act.
 */
export async function openAudit(input: Omit<AuditInput, "result" | "error" | "durationMs">, db?: Store): Promise<number> {
  try {
    return (await insert({ ...input, result: "error", error: UNFINISHED, durationMs: 0 }, db)).id;
  } catch (err) {
    console.error("[hotseat] could not write the audit log, refusing the action:", err);
    throw new ApiError(
      "unavailable",
      "The console cannot write its store (disk full or read-only?), so it refuses every action until it can: nothing was done",
    );
  }
}

/** Record the outcome in an entry opened by openAudit(). Never rejects, as recordAudit. */
export async function finishAudit(id: number, input: AuditInput, db?: Store): Promise<void> {
  try {
    const { server_id, params, result, error, duration_ms } = rowOf(input);
    const d = db ?? (await store());
    await d.updateTable("audit").set({ server_id, params, result, error, duration_ms }).where("id", "=", id).execute();
  } catch (err) {
    console.error(`[hotseat] could not record the outcome in audit entry ${id} (it stays "unfinished"):`, err);
  }
}

/** Audit entries matching the filters, newest first (ties by the order they were written). */
export async function listAudit(filters: AuditFilters = {}, db?: Store): Promise<AuditEntry[]> {
  const d = db ?? (await store());
  let q = d.selectFrom("audit").selectAll();
  if (filters.user) q = q.where("actor", "=", storable(filters.user));
  if (filters.server) q = q.where("server_id", "=", storable(filters.server));
  if (filters.action) q = q.where("action", "=", storable(filters.action));
  if (filters.result) q = q.where("result", "=", filters.result);
  if (filters.since) q = q.where("at", ">=", isoOf(filters.since));
  if (filters.until) q = q.where("at", "<", isoOf(filters.until));
  const limit = Math.min(Math.max(1, Math.floor(filters.limit ?? 200)), 10_000);
  const rows = await q.orderBy("at", "desc").orderBy("id", "desc").limit(limit).execute();
  return rows.map(toEntry);
}

/** The distinct users, servers and actions in the log, for the Audit page's filter lists. */
const MAX_FACETS = 200;

export async function auditFacets(db?: Store): Promise<{ users: string[]; servers: string[]; actions: string[] }> {
  const d = db ?? (await store());
  // Only entries of known callers (a user or a token, role set): what strangers send (usernames,
  // paths, ids) is theirs to choose, so it never becomes a choice in the console's filters.
  const named = d.selectFrom("audit").where("role", "is not", null);
  const [users, servers, actions] = await Promise.all([
    named.select("actor as v").distinct().orderBy("actor").limit(MAX_FACETS).execute(),
    named.select("server_id as v").distinct().where("server_id", "is not", null).orderBy("server_id").limit(MAX_FACETS).execute(),
    named.select("action as v").distinct().orderBy("action").limit(MAX_FACETS).execute(),
  ]);
  // sorted here as well: PostgreSQL's collation orders mixed case and punctuation otherwise than SQLite
  const values = (rows: { v: string | null }[]) => rows.map((r) => r.v).filter((v): v is string => !!v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { users: values(users), servers: values(servers), actions: values(actions) };
}
