import type { NextRequest } from "next/server";
import { authenticate, hasRole, type Caller, type Role } from "@/lib/auth";
import { ApiError, handleApiError } from "./errors";

export interface HandlerContext<P> {
  req: NextRequest;
  params: P;
  /** null only for public handlers called without credentials. */
  caller: Caller | null;
}

type RouteContext<P> = { params: Promise<P> };

/**
 * Wraps every route handler: authentication, role, and errors as `{ error: { code, message } }`.
 * 401 without credentials, 403 with too low a role. "public" lets anyone through.
 */
export function withRole<P = Record<string, never>>(
  role: Role | "public",
  handler: (ctx: HandlerContext<P>) => Promise<Response> | Response,
) {
  return async (req: NextRequest, context: RouteContext<P>): Promise<Response> => {
    try {
      const caller = await authenticate(req);
      if (role !== "public") {
        if (!caller) throw new ApiError("unauthorized", "Sign in or send a valid API token");
        if (!hasRole(caller, role)) throw new ApiError("forbidden", `This needs the ${role} role`);
      }
      const params = (context?.params ? await context.params : {}) as P;
      return await handler({ req, params, caller });
    } catch (err) {
      return handleApiError(err);
    }
  };
}
