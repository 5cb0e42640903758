import { ZodError } from "zod";
import { ApiError, formatIssues, type ErrorCode } from "@/lib/errors";

/** The HTTP status of each error code: the API's contract with its callers. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export function errorResponse(code: ErrorCode, message: string, details?: Record<string, unknown>): Response {
  return Response.json({ error: { code, message, ...details } }, { status: ERROR_STATUS[code] });
}

/** The one place that turns a thrown value into a response: 400 for bad input, its own status for
 *  an ApiError, a bare 500 for anything else (detail logged, never sent). */
export function handleApiError(err: unknown): Response {
  if (err instanceof ApiError) return errorResponse(err.code, err.message, err.details);
  if (err instanceof ZodError) return errorResponse("bad_request", formatIssues(err.issues));
  console.error("[hotseat] unhandled error in route handler:", err);
  return errorResponse("internal", "Internal error");
}
