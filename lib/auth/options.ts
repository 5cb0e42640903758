import bcrypt from "bcryptjs";
import type { NextAuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { budgetedAnonymousError, recordAudit } from "@/lib/audit";
import { getConfig } from "@/lib/config";
import { clientAddress } from "./address";
import { oauthIdentities, oauthRole, oauthSettings } from "./providers";
import { signInThrottle, SignInThrottledError } from "./rate-limit";
import type { Role } from "./roles";
import { getAuthSecret } from "./secret";
import { callerFromClaims, SESSION_MAX_AGE_SECONDS, type SessionClaims } from "./session";

/** The user next-auth carries from sign-in to the jwt callback. */
interface HotSeatUser extends User {
  hsUser: string;
  hsRole: Role;
}

// Compared against when the username is unknown, so the response time does not tell which names exist.
let dummyHash: string | null = null;
function unknownUserHash(): string {
  dummyHash ??= bcrypt.hashSync(`no-such-user-${Math.random()}`, 10);
  return dummyHash;
}

// next-auth builds its own "req" with plain header objects.
type AuthorizeRequest = { headers?: Record<string, string | string[] | undefined> };

/** How much of a typed username the audit log keeps (anyone can type 50 kB into the form). */
export const AUDITED_USERNAME_CHARS = 64;

/**
 * Check a username and password against the configured users (bcrypt), with throttling and audit.
 * The attempt is counted before the comparison, so parallel guesses share one budget. Failed
 * sign-ins are anonymous attempts: they are audited within the per-address budget of those.
 */
export async function authorizeCredentials(
  credentials: Record<string, string> | undefined,
  req: AuthorizeRequest,
): Promise<HotSeatUser | null> {
  const started = Date.now();
  const username = String(credentials?.username ?? "").trim();
  const password = String(credentials?.password ?? "");
  const ip = clientAddress(req.headers ?? {});
  const audit = async (result: "ok" | "denied", role: Role | null, error: string | null = null) => {
    if (result === "denied") error = budgetedAnonymousError(ip, error ?? "denied");
    if (result === "denied" && error === null) return;
    const actor = username.slice(0, AUDITED_USERNAME_CHARS) || "anonymous";
    await recordAudit({ actor, role, via: "session", action: "sign-in", result, error, ip, durationMs: Date.now() - started });
  };

  if (!username || !password) {
    await audit("denied", null, "empty username or password");
    return null;
  }
  const throttle = signInThrottle();
  try {
    throttle.attempt(username, ip);
  } catch (err) {
    if (err instanceof SignInThrottledError) await audit("denied", null, err.message);
    // next-auth sends a thrown message to the sign-in page as ?error=<message>.
    throw err;
  }
  const user = getConfig().auth.users.find((u) => u.username === username);
  const ok = await bcrypt.compare(password, user?.passwordHash ?? unknownUserHash());
  if (!user || !ok) {
    await audit("denied", null, "wrong username or password");
    return null;
  }
  throttle.succeeded(username, ip);
  await audit("ok", user.role);
  return { id: user.username, name: user.username, hsUser: user.username, hsRole: user.role };
}

/** Generic OpenID Connect provider from HOTSEAT_OIDC_* (see providers.ts). */
function oidcProvider(oidc: NonNullable<ReturnType<typeof oauthSettings>["oidc"]>): OAuthConfig<Record<string, string>> {
  return {
    id: "oidc",
    name: oidc.label,
    type: "oauth",
    wellKnown: `${oidc.issuer}/.well-known/openid-configuration`,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    profile: (profile) => ({
      id: profile.sub,
      name: profile.preferred_username ?? profile.name ?? profile.email,
      email: profile.email,
    }),
  };
}

/** The single-sign-on buttons the login page should show. */
export function enabledSsoProviders(): { id: string; name: string }[] {
  const sso = oauthSettings();
  return [
    ...(sso.github ? [{ id: "github", name: "GitHub" }] : []),
    ...(sso.oidc ? [{ id: "oidc", name: sso.oidc.label }] : []),
  ];
}

/**
 * next-auth options, built on first use so that `next build` reads neither config nor secrets.
 * Sessions are JWTs (no database) carrying the username and role; every request re-checks the role
 * against the config (session.ts).
 */
export function getAuthOptions(): NextAuthOptions {
  const sso = oauthSettings();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Password",
      credentials: { username: { label: "Username", type: "text" }, password: { label: "Password", type: "password" } },
      authorize: (credentials, req) => authorizeCredentials(credentials, req as AuthorizeRequest),
    }),
  ];
  if (sso.github) providers.push(GitHubProvider({ clientId: sso.github.clientId, clientSecret: sso.github.clientSecret }));
  if (sso.oidc) providers.push(oidcProvider(sso.oidc));

  return {
    secret: getAuthSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    providers,
    callbacks: {
      async signIn({ user, account, profile }) {
        if (!account || account.provider === "credentials") return true;
        const identities = oauthIdentities(account.provider, profile as Record<string, unknown> | undefined);
        const role = oauthRole(account.provider, identities);
        await recordAudit({
          actor: `${account.provider}:${identities[0] ?? user.id}`.slice(0, AUDITED_USERNAME_CHARS),
          role,
          via: "session",
          action: "sign-in",
          result: role ? "ok" : "denied",
          error: role ? null : "identity not listed in HOTSEAT_OAUTH_ROLES",
          durationMs: 0,
        });
        if (!role || !identities.length) return false; // a default role still needs a name to hold it
        const hsUser = identities.find((id) => oauthRole(account.provider, [id], { ...sso, defaultRole: null })) ?? identities[0];
        Object.assign(user, { hsUser, hsRole: role });
        return true;
      },
      jwt({ token, user, account }) {
        if (user && account) {
          const u = user as HotSeatUser;
          const claims: SessionClaims = { hsUser: u.hsUser, hsRole: u.hsRole, hsProvider: account.provider };
          Object.assign(token, claims);
        }
        return token;
      },
      session({ session, token }) {
        const caller = callerFromClaims(token as Partial<SessionClaims>);
        session.user = caller ? { name: caller.name, role: caller.role } : undefined;
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        const caller = callerFromClaims(token as Partial<SessionClaims>);
        await recordAudit({
          actor: caller?.name ?? (token as Partial<SessionClaims>)?.hsUser ?? "anonymous",
          role: caller?.role ?? null,
          via: "session",
          action: "sign-out",
          result: "ok",
          durationMs: 0,
        });
      },
    },
  };
}
