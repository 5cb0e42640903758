import { ApiError } from "@/lib/errors";
import { getStore, type StoreDb } from "@/lib/store";
import type { Role } from "@/lib/auth/roles";
import { paramsToJson } from "./redact";
import type { AuditEntry, AuditFilters, AuditInput, AuditResult } from "./types";

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  role: string | null;
  via: string | null;
  action: string;
  server_id: string | null;
  params: string | null;
  result: string;
  error: string | null;
  duration_ms: number;
  ip: string | null;
}

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
    result: row.result as AuditResult,
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

function rowOf(input: AuditInput) {
  return {
    at: (input.at ?? new Date()).toISOString(),
    // every field bounded: a row costs the same whatever a stranger sends
    actor: input.actor.slice(0, 200),
    role: input.role ?? null,
    via: input.via ?? null,
    action: input.action.slice(0, 200),
    server_id: input.serverId?.slice(0, 200) ?? null,
    params: paramsToJson(input.params),
    result: input.result,
    error: input.error ? input.error.slice(0, 2000) : null,
    duration_ms: Math.max(0, Math.round(input.durationMs)),
    ip: input.ip?.slice(0, 64) ?? null,
  };
}

function insert(input: AuditInput, db?: StoreDb): AuditEntry {
  const row = (db ?? getStore())
    .prepare(
      `INSERT INTO audit (at, actor, role, via, action, server_id, params, result, error, duration_ms, ip)
       VALUES (@at, @actor, @role, @via, @action, @server_id, @params, @result, @error, @duration_ms, @ip)
       RETURNING *`,
    )
    .get(rowOf(input)) as AuditRow;
  return toEntry(row);
}

/**
 * Append one entry to the audit trail. Never throws: an action that happened must not be reported
 * as failed because the log could not be written (the failure is logged to stderr instead).
 */
export function recordAudit(input: AuditInput, db?: StoreDb): AuditEntry | null {
  try {
    return insert(input, db);
  } catch (err) {
    console.error("[hotseat] could not write the audit log:", err);
    return null;
  }
}

/** What an opened entry says until its action has finished: true if the console stops before that. */
export const UNFINISHED = "unfinished: the console stopped before this action ended";

/**
 * Write the entry of an action before the action runs, so that no action happens unaudited: it
 * reads "error, unfinished" until finishAudit() records the outcome. Throws ApiError unavailable
 * (503) when the store cannot be written (disk full, read-only file): the caller must not act.
 */
export function openAudit(input: Omit<AuditInput, "result" | "error" | "durationMs">, db?: StoreDb): number {
  try {
    return insert({ ...input, result: "error", error: UNFINISHED, durationMs: 0 }, db).id;
  } catch (err) {
    console.error("[hotseat] could not write the audit log, refusing the action:", err);
    throw new ApiError(
      "unavailable",
      "The console cannot write its store (disk full or read-only?), so it refuses every action until it can: nothing was done",
    );
  }
}

/** Record the outcome in an entry opened by openAudit(). Never throws, as recordAudit. */
export function finishAudit(id: number, input: AuditInput, db?: StoreDb): void {
  try {
    const { at: _at, ...row } = rowOf(input);
    (db ?? getStore())
      .prepare(
        `UPDATE audit SET server_id = @server_id, params = @params, result = @result, error = @error,
                duration_ms = @duration_ms WHERE id = @id`,
      )
      .run({ ...row, id });
  } catch (err) {
    console.error(`[hotseat] could not record the outcome in audit entry ${id} (it stays "unfinished"):`, err);
  }
}

/** Audit entries matching the filters, newest first. */
export function listAudit(filters: AuditFilters = {}, db?: StoreDb): AuditEntry[] {
  const where: string[] = [];
  const args: Record<string, unknown> = {};
  if (filters.user) {
    where.push("actor = @user");
    args.user = filters.user;
  }
  if (filters.server) {
    where.push("server_id = @server");
    args.server = filters.server;
  }
  if (filters.action) {
    where.push("action = @action");
    args.action = filters.action;
  }
  if (filters.result) {
    where.push("result = @result");
    args.result = filters.result;
  }
  if (filters.since) {
    where.push("at >= @since");
    args.since = isoOf(filters.since);
  }
  if (filters.until) {
    where.push("at < @until");
    args.until = isoOf(filters.until);
  }
  args.limit = Math.min(Math.max(1, Math.floor(filters.limit ?? 200)), 10_000);
  const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
               ORDER BY at DESC, id DESC LIMIT @limit`;
  return ((db ?? getStore()).prepare(sql).all(args) as AuditRow[]).map(toEntry);
}

/** The distinct users, servers and actions in the log, for the Audit page's filter lists. */
const MAX_FACETS = 200;

export function auditFacets(db?: StoreDb): { users: string[]; servers: string[]; actions: string[] } {
  const store = db ?? getStore();
  const column = (sql: string) => (store.prepare(sql).pluck().all() as string[]).filter(Boolean);
  // Only entries of known callers (a user or a token, role set): what strangers send (usernames,
  // paths, ids) is theirs to choose, so it never becomes a choice in the console's filters.
  return {
    users: column(`SELECT DISTINCT actor FROM audit WHERE role IS NOT NULL ORDER BY actor LIMIT ${MAX_FACETS}`),
    servers: column(`SELECT DISTINCT server_id FROM audit WHERE role IS NOT NULL AND server_id IS NOT NULL ORDER BY server_id LIMIT ${MAX_FACETS}`),
    actions: column(`SELECT DISTINCT action FROM audit WHERE role IS NOT NULL ORDER BY action LIMIT ${MAX_FACETS}`),
  };
}
