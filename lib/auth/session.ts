import type { LoggerInstance } from "next-auth";
import { getToken } from "next-auth/jwt";
import { getConfig } from "@/lib/config";
import { oauthRole } from "./providers";
import type { Caller, Role } from "./roles";
import { getAuthSecret } from "./secret";

/** What Hot Seat keeps in the session JWT, next to next-auth's own claims. */
export interface SessionClaims {
  /** credentials: the username; single sign-on: the login or email the role was granted to */
  hsUser: string;
  /** the role at sign-in; re-checked on every request */
  hsRole: Role;
  /** "credentials", "github" or "oidc" */
  hsProvider: string;
}

/** The next-auth session cookie names: secure (https) first, then plain http. */
export const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

/** Anything with next's `cookies.getAll()`: a NextRequest's cookies or `await cookies()`. */
export interface CookieSource {
  getAll(): { name: string; value: string }[];
}

const SILENT: LoggerInstance = { error: () => {}, warn: () => {}, debug: () => {} };

/** Session lifetime: one on-call shift. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/**
 * The caller a session stands for, with the role looked up again in the current config so that
 * removing a user or lowering a role takes effect at once, not when the JWT expires.
 */
export function callerFromClaims(claims: Partial<SessionClaims> | null | undefined): Caller | null {
  if (!claims?.hsUser || !claims.hsProvider) return null;
  if (claims.hsProvider === "credentials") {
    const user = getConfig().auth.users.find((u) => u.username === claims.hsUser);
    return user ? { name: user.username, role: user.role, via: "session" } : null;
  }
  const role = oauthRole(claims.hsProvider, [claims.hsUser]);
  return role ? { name: `${claims.hsProvider}:${claims.hsUser}`, role, via: "session" } : null;
}

/** Decode the session JWT from the cookies; null when absent, expired, tampered with or revoked. */
export async function callerFromSessionCookies(cookies: CookieSource): Promise<Caller | null> {
  const present = cookies.getAll().map((c) => c.name);
  for (const cookieName of SESSION_COOKIE_NAMES) {
    if (!present.some((name) => name.startsWith(cookieName))) continue;
    // Only the cookies are passed: an Authorization header is an API token, never a session JWT.
    const claims = await getToken({
      req: { cookies, headers: {} } as unknown as Parameters<typeof getToken>[0]["req"], // getToken only reads these two
      secret: getAuthSecret(),
      cookieName,
      secureCookie: cookieName.startsWith("__Secure-"),
      logger: SILENT, // a bad or stale cookie just means "signed out"
    });
    const caller = callerFromClaims(claims as Partial<SessionClaims> | null);
    if (caller) return caller;
  }
  return null;
}

/** True when the request carries a next-auth session cookie (valid or not). */
export function hasSessionCookie(cookies: CookieSource): boolean {
  return cookies.getAll().some((c) => SESSION_COOKIE_NAMES.some((name) => c.name.startsWith(name)));
}
