import type { z } from "zod";

/**
 * The errors an action or a route reports to its caller, in the caller's words. A leaf module: the
 * domain (actions, maintenance, incidents) throws these without knowing about HTTP; lib/api maps
 * each code to a status and the `{ error: { code, message } }` envelope.
 */
export const ERROR_CODES = [
  "bad_request",
  "unauthorized",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "conflict",
  "rate_limited",
  "internal",
  "unavailable",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

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

/**
 * The one wording of validation issues, one line each: `body.mode: Invalid option`. `part` names
 * what was validated (a request part, a filter); without it an issue of the whole value is named
 * `root`.
 */
export function issueLines(issues: readonly z.core.$ZodIssue[], part?: string, root = "input"): string[] {
  return issues.map((i) => {
    const path = [...(part ? [part] : []), ...i.path.map(String)];
    return `${path.length ? path.join(".") : root}: ${i.message}`;
  });
}

const MAX_ISSUES = 10;
const MAX_ISSUE_CHARS = 300;

/**
 * The issues in one line, as error messages carry them: `body.mode: …; query.limit: …`. Bounded:
 * a body of a hundred thousand unknown keys gets a short answer, not its keys echoed back.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], part?: string): string {
  const lines = issueLines(issues.slice(0, MAX_ISSUES), part).map((l) => (l.length > MAX_ISSUE_CHARS ? `${l.slice(0, MAX_ISSUE_CHARS - 1)}…` : l));
  const more = issues.length - MAX_ISSUES;
  return lines.join("; ") + (more > 0 ? `; and ${more} more` : "");
}

/** A 400 for input that failed its schema. */
export function invalidInput(error: z.ZodError, part?: string): ApiError {
  return new ApiError("bad_request", formatIssues(error.issues, part));
}
