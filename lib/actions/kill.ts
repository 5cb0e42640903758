import { ApiError } from "@/lib/errors";
import { getConfig, serverPassword, type HotSeatConfig, type ServerConfig } from "@/lib/config";
import {
  closeQuietly,
  connectionThreadId,
  isAccessDeniedError,
  isNoSuchThreadError,
  isUnreachableError,
  killThread,
  openConnection,
  readProcesslist,
  type Connection,
  type ProcessRow,
} from "@/lib/mysql";
import { classifyProcess, maskSecrets, sameStatement, type ProcessView } from "@/lib/processlist";
import type { Store } from "@/lib/store";
import { claimAction, releaseAction } from "./claims";
import type { KillBody, KillResult, KillRule } from "./kill-schema";

const CONNECT_TIMEOUT_MS = 2000;
const QUERY_TIMEOUT_MS = 3000;
/** Time is whole seconds and read a moment apart: allow one second of rounding before calling it "backwards". */
const TIME_SLACK_SECONDS = 1;
const AUDIT_INFO_CHARS = 2000;
/** A kill's claim outlives the kill itself (connect, processlist, KILL, processlist: about 11 s at most). */
const KILL_CLAIM_MS = 30_000;

export interface KillRequest {
  serverId: string;
  pid: number;
  body: KillBody;
  /** the route's audit entry: the kill adds the thread it checked and the outcome */
  audit?: Record<string, unknown>;
}

export interface KillOutcome {
  result: KillResult;
  serverId: string;
  id: number;
  mode: "query" | "connection";
  /** The thread as it was right before KILL. */
  process: ProcessView;
  /** The thread a moment after KILL: null when it is gone (KILL CONNECTION, or the client hung up). */
  after: { command: string; state: string | null; info: string | null } | null;
  message: string;
}

export interface KillDeps {
  config?: HotSeatConfig;
  /** Thread ids of the console's own connections per server (the collector's); ours is added. */
  selfThreadIds?: (serverId: string) => readonly number[];
  db?: Store;
}

function refuse(rule: KillRule, message: string): ApiError {
  return new ApiError("conflict", message, { rule });
}

/** Which rule forbids killing this thread, if any. */
function ruleAgainst(p: ProcessView): { rule: KillRule; message: string } | null {
  const who = `thread ${p.id} on ${p.serverId}`;
  switch (p.kind) {
    case "replication":
      return { rule: "replication_thread", message: `Refused: ${who} is replication (${p.role}); stop replication deliberately instead of killing it` };
    case "system":
      return { rule: "system_thread", message: `Refused: ${who} is a server thread (${p.role ?? p.command})` };
    case "self":
      return { rule: "console_connection", message: `Refused: ${who} is Hot Seat's own connection` };
    case "client":
      return null;
  }
}

/** Does the thread still run what the caller saw? ids are reused and statements restart. */
function changedSince(p: ProcessView, seen: { info?: string | null; timeSeconds?: number }): string | null {
  if (seen.info !== undefined && !sameStatement(seen.info, p.info)) {
    // The message lands in the audit and the timeline, which viewers read: the statement goes masked.
    const now = maskSecrets(p.info)?.slice(0, 120);
    return `Refused: thread ${p.id} on ${p.serverId} no longer runs the statement you saw (it now runs ${now ? `"${now}"` : "nothing"}); look again before killing`;
  }
  if (seen.timeSeconds !== undefined && p.timeSeconds + TIME_SLACK_SECONDS < seen.timeSeconds) {
    return `Refused: thread ${p.id} on ${p.serverId} restarted its statement (Time ${p.timeSeconds} s, you saw ${seen.timeSeconds} s); look again before killing`;
  }
  return null;
}

/**
 * KILL QUERY (default) or KILL CONNECTION on one thread, with guardrails: the thread is looked
 * up in a fresh processlist on a dedicated short-lived connection right before the kill;
 * replication, server and the console's own threads are refused (409 with the rule); a thread
 * that no longer runs the statement the caller saw is refused (409 statement_changed). One kill of
 * a thread at a time, over every console of the store: a second one asked meanwhile is refused
 * (409 kill_in_progress). What was checked goes into `req.audit`, refusals included.
 *
 * Throws ApiError: not_found (404, unknown server or thread), conflict (409), unavailable (503),
 * forbidden (403, result no_privilege: the monitoring user lacks CONNECTION ADMIN / SUPER).
 */
export async function killProcess(req: KillRequest, deps: KillDeps = {}): Promise<KillOutcome> {
  const { serverId, pid } = req;
  const config = deps.config ?? getConfig();
  const server = config.servers.find((s) => s.id === serverId);
  if (!server) throw new ApiError("not_found", `Unknown server "${serverId}"`);

  const claim = await claimAction(`kill:${serverId}:${pid}`, KILL_CLAIM_MS, deps.db);
  if (!claim)
    throw refuse("kill_in_progress", `Refused: thread ${pid} on ${serverId} is being killed by another request right now (on this console or another); look again in a moment`);
  try {
    return await killClaimed(req, server, deps);
  } finally {
    // A claim that cannot be freed expires by itself.
    await releaseAction(claim, deps.db).catch((err) => console.error("[hotseat] could not release the kill claim:", err));
  }
}

/** The kill itself, under its claim. */
async function killClaimed(req: KillRequest, server: ServerConfig, deps: KillDeps): Promise<KillOutcome> {
  const { serverId, pid, body } = req;
  const auditParams = req.audit ?? {};
  const config = deps.config ?? getConfig();
  let conn: Connection | null = null;
  try {
    try {
      conn = await openConnection(
        { host: server.host, port: server.port, user: server.user, password: serverPassword(server) },
        { connectTimeoutMs: CONNECT_TIMEOUT_MS },
      );
    } catch (err) {
      throw unreachable(serverId, err);
    }
    const ownId = connectionThreadId(conn);
    const selfIds = [...(deps.selfThreadIds?.(serverId) ?? []), ...(ownId != null ? [ownId] : [])];
    const longQuerySeconds = config.processlist.longQuerySeconds;
    const fresh = await readOrUnreachable(conn, serverId);
    const row = fresh.find((r) => r.id === pid);
    if (!row) throw new ApiError("not_found", `Thread ${pid} is not running on ${serverId} (it ended, or never existed)`);
    const process = classifyProcess(row, { serverId, selfThreadIds: selfIds, longQuerySeconds });
    Object.assign(auditParams, {
      user: process.user,
      host: process.host,
      db: process.db,
      command: process.command,
      timeSeconds: process.timeSeconds,
      info: auditableStatement(process.info),
      kind: process.kind,
    });

    const rule = ruleAgainst(process);
    if (rule) throw refuse(rule.rule, rule.message);
    const changed = changedSince(process, body);
    if (changed) throw refuse("statement_changed", changed);

    let result: KillResult = "killed";
    try {
      await killThread(conn, pid, body.mode, QUERY_TIMEOUT_MS);
    } catch (err) {
      if (isNoSuchThreadError(err)) result = "already_gone";
      else if (isAccessDeniedError(err)) result = "no_privilege";
      else if (isUnreachableError(err)) throw unreachable(serverId, err);
      else throw err;
    }
    if (result === "no_privilege") {
      throw new ApiError(
        "forbidden",
        `${server.user}@${serverId} may not kill thread ${pid} of ${process.user}: grant it CONNECTION ADMIN (MariaDB, MySQL 8) or SUPER`,
        { result },
      );
    }
    const after = result === "killed" ? await threadAfterKill(conn, pid) : null;
    auditParams.outcome = result;
    return {
      result,
      serverId,
      id: pid,
      mode: body.mode,
      process,
      after,
      message: messageOf(result, process, body.mode, after),
    };
  } finally {
    if (conn) closeQuietly(conn);
  }
}

/** The statement as the audit log keeps it: one that may carry a password keeps only its literal-free fingerprint. */
function auditableStatement(info: string | null): string | null {
  return maskSecrets(info)?.slice(0, AUDIT_INFO_CHARS) ?? null;
}

/** A moment after KILL, is the thread still there and what does it do? (KILL QUERY leaves an idle session.) */
async function threadAfterKill(conn: Connection, pid: number): Promise<KillOutcome["after"]> {
  await new Promise((r) => setTimeout(r, 150));
  try {
    const row: ProcessRow | undefined = (await readProcesslist(conn, QUERY_TIMEOUT_MS)).find((r) => r.id === pid);
    return row ? { command: row.command, state: row.state, info: row.info } : null;
  } catch {
    return null;
  }
}

function messageOf(result: KillResult, p: ProcessView, mode: "query" | "connection", after: KillOutcome["after"]): string {
  const what = `thread ${p.id} (${p.user}@${p.host}) on ${p.serverId}`;
  if (result === "already_gone") return `${what} had already ended`;
  if (mode === "connection") return `Killed the connection of ${what}`;
  if (after?.info) return `Sent KILL QUERY to ${what}; it is still finishing (${after.state ?? after.command})`;
  // A command-line client usually exits when its statement is killed; an application keeps its session.
  return after ? `Killed the statement of ${what}; its session stays open` : `Killed the statement of ${what}; the client then disconnected`;
}

async function readOrUnreachable(conn: Connection, serverId: string): Promise<ProcessRow[]> {
  try {
    return await readProcesslist(conn, QUERY_TIMEOUT_MS);
  } catch (err) {
    if (isUnreachableError(err)) throw unreachable(serverId, err);
    throw err;
  }
}

function unreachable(serverId: string, err: unknown): ApiError {
  if (isAccessDeniedError(err)) return new ApiError("unavailable", `${serverId}: the monitoring user was refused`);
  return new ApiError("unavailable", `${serverId} cannot be reached right now`);
}
