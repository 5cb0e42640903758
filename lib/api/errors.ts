import { ZodError } from "zod";

/** Error codes of the HTTP API and the status each maps to (DESIGN.md, "Status codes"). */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An error meant for the caller: its message is safe to send. */
export class ApiError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    /** Extra fields for the body, e.g. the safety rule that refused an action. */
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function errorResponse(code: ErrorCode, message: string, details?: Record<string, unknown>): Response {
  return Response.json({ error: { code, message, ...details } }, { status: ERROR_STATUS[code] });
}

/** The one place that turns a thrown value into a response: 400 for bad input, its own status for
 *  an ApiError, a bare 500 for anything else (detail logged, never sent). */
export function handleApiError(err: unknown): Response {
  if (err instanceof ApiError) return errorResponse(err.code, err.message, err.details);
  if (err instanceof ZodError) {
    const message = err.issues
      .map((i) => `${i.path.length ? i.path.map(String).join(".") : "input"}: ${i.message}`)
      .join("; ");
    return errorResponse("bad_request", message);
  }
  console.error("[hotseat] unhandled error in route handler:", err);
  return errorResponse("internal", "Internal error");
}
