/** Credentials for route-handler tests: the test lab's real API tokens and real session JWTs. */
import path from "node:path";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { getAuthSecret } from "@/lib/auth/secret";
import type { SessionClaims } from "@/lib/auth/session";
import type { Role } from "@/lib/auth/roles";
import { resetConfigCache } from "@/lib/config";
import { labDir, labSecrets } from "./lab";

export const ORIGIN = "http://127.0.0.1:3000";
export const PEOPLE: Record<Role, string> = { viewer: "boss", operator: "oncall", admin: "cto" };
export const TOKENS: Record<Role, string> = { viewer: "lab-viewer", operator: "lab-operator", admin: "lab-admin" };

export function useLabConfig(): void {
  process.env.HOTSEAT_CONFIG = path.join(labDir, "hotseat.config.json");
  resetConfigCache();
}

/**
 * A session cookie exactly as next-auth issues it after a password sign-in: a JWE encrypted with
 * the console's secret, carrying the claims the jwt callback adds. The e2e suite signs in through
 * the real login page; here the handler is called directly, without a Next server.
 */
export async function sessionCookie(username: string, role: Role): Promise<string> {
  const claims: SessionClaims = {
    hsUser: username,
    hsRole: role,
    hsProvider: "credentials",
  };
  const jwt = await encode({ token: { name: username, sub: username, ...claims }, secret: getAuthSecret() });
  return `next-auth.session-token=${jwt}`;
}

export type Credential = { kind: "anonymous" } | { kind: "token"; role: Role } | { kind: "session"; role: Role };

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Origin header; defaults to the request's own origin for sessions (a page of the console). */
  origin?: string | null;
  headers?: Record<string, string>;
}

/** A NextRequest carrying the given credential. */
export async function requestAs(credential: Credential, url: string, opts: RequestOptions = {}): Promise<NextRequest> {
  const headers: Record<string, string> = { host: new URL(ORIGIN).host, ...opts.headers };
  if (credential.kind === "token") headers.authorization = `Bearer ${labSecrets().tokens[TOKENS[credential.role]]}`;
  if (credential.kind === "session") {
    headers.cookie = await sessionCookie(PEOPLE[credential.role], credential.role);
    const origin = opts.origin === undefined ? ORIGIN : opts.origin;
    if (origin) headers.origin = origin;
  }
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  return new NextRequest(new URL(url, ORIGIN), {
    method: opts.method ?? "GET",
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
}
