import type { NextRequest } from "next/server";
import { z } from "zod";
import { budgetedAnonymousError, finishAudit, openAudit, recordAudit, type AuditResult } from "@/lib/audit";
import { authenticate, clientAddress, hasRole, isSameOrigin, STATE_CHANGING_METHODS, type Caller, type Role } from "@/lib/auth";
import { ApiError, invalidInput } from "@/lib/errors";
import { withHttpMetrics } from "@/lib/metrics/http";
import { ERROR_STATUS, handleApiError } from "./errors";

type Dict = Record<string, string>;

export interface HandlerContext<P, Q = Dict, B = unknown> {
  req: NextRequest;
  /** route params, parsed by the params schema when one is given */
  params: P;
  /** query string, parsed by the query schema when one is given (else the raw key/values) */
  query: Q;
  /** JSON body, parsed by the body schema; undefined without one */
  body: B;
  /** null only for public handlers called without credentials. */
  caller: Caller | null;
  /** What the handler adds to its audit entry's params (what it found, what it did); see AuditNote. */
  audit: AuditNote;
  /**
   * Record this call as an error with this message although it answers 2xx: the action ran and
   * its answer says how it ended, but it did not succeed (e.g. a command that exited non-zero).
   */
  auditFailure: (message: string) => void;
}

/**
 * Fields a handler adds to the params of its call's audit entry, e.g. the run id of a failover or
 * the statement a kill stopped. Written with the entry whether the handler returns or throws, so
 * a refusal records what was checked. Ignored on routes without an audit spec.
 */
export type AuditNote = Record<string, unknown>;

/** What the audit entry of a state-changing route records. */
export interface AuditSpec<Ctx> {
  /** e.g. "kill", "maintenance.set", "failover" */
  action: string;
  /** target server; default: params.id, else query.server, else body.server or body.candidate */
  serverId?: (ctx: Ctx) => string | null | undefined;
  /** what to log as parameters (secrets are redacted anyway); default: params, query and body */
  params?: (ctx: Ctx) => Record<string, unknown>;
}

type Schema = z.ZodType | undefined;

export interface RouteSchemas<B extends Schema = Schema, Q extends Schema = Schema, P extends Schema = Schema> {
  body?: B;
  query?: Q;
  params?: P;
}

type Out<T, Fallback> = T extends z.ZodType ? z.output<T> : Fallback;
type ContextOf<B extends Schema, Q extends Schema, P extends Schema> = HandlerContext<Out<P, Dict>, Out<Q, Dict>, Out<B, undefined>>;

export type RouteOptions<B extends Schema, Q extends Schema, P extends Schema> = RouteSchemas<B, Q, P> & {
  /**
   * Audit every call of this handler (ok, refused, error, denied) with its duration; the handler
   * adds what it found through `ctx.audit`. Without it, only denied state-changing calls are audited.
   */
  audit?: string | AuditSpec<ContextOf<NoInfer<B>, NoInfer<Q>, NoInfer<P>>>;
};

type Handler<Ctx> = (ctx: Ctx) => Promise<Response> | Response;
type RouteContext = { params?: Promise<unknown> };
export type RouteHandler = (req: NextRequest, context: RouteContext) => Promise<Response>;

/**
 * Wraps every route handler: authentication (API token or session cookie), role, same-origin check
 * for cookie sessions on state-changing methods, zod validation of params, query and body, audit,
 * and errors as `{ error: { code, message } }`. 401 without credentials, 403 with too low a role or
 * from another origin, 400 for bad input. "public" lets anyone through.
 *
 *   withRole("viewer", async ({ params }) => ...)
 *   withRole("operator", { body: killSchema, params: idSchema, audit: "kill" }, async ({ body, caller }) => ...)
 */
export function withRole<P = Dict>(role: Role | "public", handler: Handler<HandlerContext<P>>): RouteHandler;
export function withRole<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
  role: Role | "public",
  options: RouteOptions<B, Q, P>,
  handler: Handler<ContextOf<B, Q, P>>,
): RouteHandler;
export function withRole(role: Role | "public", optionsOrHandler: unknown, maybeHandler?: unknown): RouteHandler {
  // The overloads above carry the types; here the context is checked at run time by the schemas.
  type AnyCtx = HandlerContext<unknown, unknown, unknown>;
  const options = (typeof optionsOrHandler === "function" ? {} : optionsOrHandler) as RouteOptions<Schema, Schema, Schema>;
  const handler = (typeof optionsOrHandler === "function" ? optionsOrHandler : maybeHandler) as Handler<AnyCtx>;
  const audit: AuditSpec<HandlerContext<unknown, unknown, unknown>> | null =
    typeof options.audit === "string"
      ? { action: options.audit }
      : ((options.audit as AuditSpec<HandlerContext<unknown, unknown, unknown>> | undefined) ?? null);

  // Counted by route pattern and status for /api/metrics.
  return withHttpMetrics(async (req: NextRequest, context: RouteContext) => {
    const started = Date.now();
    const method = req.method.toUpperCase();
    const changesState = STATE_CHANGING_METHODS.has(method);
    let caller: Caller | null = null;
    let ctx: HandlerContext<unknown, unknown, unknown> | null = null;

    // Until validation has run, an entry names what was asked for: the raw params, query and body
    // (the body of a refused caller is not read). Logged only, redacted and bounded by recordAudit.
    let rawParams: unknown = {};
    const rawQuery = Object.fromEntries(req.nextUrl.searchParams);
    let rawBody: unknown = undefined;
    const note: AuditNote = {};
    let failure: string | null = null;
    const auditFailure = (message: string) => void (failure = message);

    // The entry of an action is written before the action runs (see openAudit), then completed.
    let openedEntry: number | null = null;

    const entryOf = (result: AuditResult, error: string | null, err?: unknown) => {
      const c = ctx ?? { req, params: rawParams, query: rawQuery, body: rawBody, caller, audit: note, auditFailure };
      // The safety rule that refused the call is worth a filter in the audit log, whatever the route.
      const rule = err instanceof ApiError ? err.details?.rule : undefined;
      return {
        actor: caller?.name ?? "anonymous",
        role: caller?.role ?? null,
        via: caller?.via ?? null,
        action: audit?.action ?? `${method} ${req.nextUrl.pathname}`,
        serverId: safely(() => (audit?.serverId ?? defaultServerId)(c)),
        params: { ...safely(() => (ctx ? (audit?.params ?? defaultParams) : defaultParams)(c)), ...note, ...(rule ? { rule } : {}) },
        result,
        error,
        durationMs: Date.now() - started,
        ip: clientAddress(req.headers),
      };
    };

    // Awaited before the response leaves, so that whoever reads the log next sees this call in it.
    const writeAudit = async (result: AuditResult, error: string | null, status: number, err?: unknown) => {
      if (!audit && !(changesState && result === "denied")) return;
      if (openedEntry !== null) return finishAudit(openedEntry, entryOf(result, error, err));
      // Anyone can send an unauthenticated request: bound how many rows they can write.
      if (status === ERROR_STATUS.unauthorized && !caller) {
        error = budgetedAnonymousError(clientAddress(req.headers), error ?? "unauthenticated");
        if (error === null) return;
      }
      await recordAudit(entryOf(result, error, err));
    };

    try {
      rawParams = (context?.params ? await context.params : {}) ?? {};
      caller = await authenticate(req);
      if (role !== "public") {
        if (!caller) throw new ApiError("unauthorized", "Sign in or send a valid API token");
      }
      if (caller?.via === "session" && changesState && !isSameOrigin(req.headers, req.url, configuredOrigins())) {
        throw new ApiError("forbidden", "Cross-site request refused: send it from the console's own pages");
      }
      if (role !== "public" && caller && !hasRole(caller, role)) {
        throw new ApiError("forbidden", `This needs the ${role} role; you are ${caller.role}`);
      }

      const params = options.params ? parseInput(options.params, rawParams, "params") : rawParams;
      const query = options.query ? parseInput(options.query, rawQuery, "query") : rawQuery;
      if (options.body) rawBody = await readJson(req);
      const body = options.body ? parseInput(options.body, rawBody, "body") : undefined;
      ctx = { req, params, query, body, caller, audit: note, auditFailure };

      // No action without its audit entry: a store that cannot be written refuses it here (503).
      if (audit && changesState) openedEntry = await openAudit(entryOf("error", null));
      const response = await handler(ctx);
      if (audit && failure !== null && response.status < 400) await writeAudit("error", failure, response.status);
      else if (audit) await writeAudit(resultOf(response.status), response.status >= 400 ? await errorMessageOf(response) : null, response.status);
      return response;
    } catch (err) {
      const response = handleApiError(err);
      const message = err instanceof ApiError ? err.message : err instanceof z.ZodError ? await errorMessageOf(response) : "internal error";
      await writeAudit(resultOf(response.status), message, response.status, err);
      return response;
    }
  });
}

function resultOf(status: number): AuditResult {
  if (status < 400) return "ok";
  if (status === ERROR_STATUS.unauthorized || status === ERROR_STATUS.forbidden) return "denied";
  if (status === ERROR_STATUS.conflict) return "refused";
  return "error";
}

async function errorMessageOf(response: Response): Promise<string | null> {
  try {
    const body = (await response.clone().json()) as { error?: { message?: string } };
    return body.error?.message ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/** Validate one part of the request; a failure names the part ("body.mode: ...") and answers 400. */
function parseInput(schema: z.ZodType, value: unknown, part: "params" | "query" | "body"): unknown {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidInput(result.error, part);
}

/** The largest JSON body any route takes; anyone may send one, so it is read up to this and no further. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

async function readJson(req: NextRequest): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body?.getReader();
  for (let r = await reader?.read(); r && !r.done; r = await reader!.read()) {
    size += r.value.byteLength;
    if (size > MAX_BODY_BYTES) {
      void reader!.cancel();
      throw new ApiError("bad_request", `body: larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`);
    }
    chunks.push(r.value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("bad_request", "body: not valid JSON");
  }
}

function configuredOrigins(): string[] {
  return [process.env.NEXTAUTH_URL].filter((v): v is string => !!v);
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function defaultServerId(ctx: HandlerContext<unknown, unknown, unknown>): string | null {
  const params = asRecord(ctx.params);
  const query = asRecord(ctx.query);
  const body = asRecord(ctx.body);
  const candidate = params.id ?? query.server ?? body.server ?? body.serverId ?? body.candidate;
  return typeof candidate === "string" ? candidate : null;
}

function defaultParams(ctx: HandlerContext<unknown, unknown, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...asRecord(ctx.params), ...asRecord(ctx.query) };
  if (ctx.body !== undefined) out.body = ctx.body;
  return out;
}

function safely<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}
