import type { NextRequest } from "next/server";
import { callerFromBearer } from "./token";
import type { Caller } from "./roles";
import { callerFromSessionCookies } from "./session";

export { hasRole, type Caller, type Role } from "./roles";
export { callerFromBearer } from "./token";
export { callerFromSessionCookies, hasSessionCookie, SESSION_COOKIE_NAMES } from "./session";
export { isSameOrigin, STATE_CHANGING_METHODS } from "./csrf";
export { clientAddress } from "./address";
export { isPublicApi, isPublicPage } from "./public-paths";

/**
 * Who sent this request, or null when nobody is signed in. An Authorization header means an API
 * token and nothing else (a bad token is not rescued by a cookie); otherwise the next-auth session
 * cookie.
 */
export async function authenticate(req: NextRequest): Promise<Caller | null> {
  const authorization = req.headers.get("authorization");
  if (authorization) return callerFromBearer(authorization);
  return callerFromSessionCookies(req.cookies);
}
