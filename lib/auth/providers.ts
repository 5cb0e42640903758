import type { Role } from "./roles";

const ROLES: readonly Role[] = ["viewer", "operator", "admin"];
/** The single-sign-on providers an entry of HOTSEAT_OAUTH_ROLES may name. */
export const SSO_PROVIDERS = ["github", "oidc"] as const;

/** Single sign-on providers switched on by environment variables (none by default). */
export interface OAuthSettings {
  github: { clientId: string; clientSecret: string } | null;
  oidc: { issuer: string; clientId: string; clientSecret: string; label: string } | null;
  /** "provider:identity" (GitHub login; OIDC verified email or preferred_username), lower-cased -> role */
  roles: Map<string, Role>;
  /** Role for a signed-in identity that is not listed; null refuses it. */
  defaultRole: Role | null;
}

/**
 * Parses `github:alice=admin, oidc:bob@example.com=operator` into a map keyed "provider:identity".
 * Each entry names its provider, so that a GitHub account called like someone's OIDC identity
 * never gets that person's role. Entries that name no known provider or no known role grant
 * nothing; `problems` says why, and checkAuthSettings() refuses to start with them.
 */
export function parseRoleMap(text: string | undefined): { roles: Map<string, Role>; problems: string[] } {
  const roles = new Map<string, Role>();
  const problems: string[] = [];
  for (const entry of (text ?? "").split(/[,;\s]+/).filter(Boolean)) {
    const match = /^([a-z]+):(.+)=([a-z]+)$/i.exec(entry);
    if (!match) {
      const hint = /^[^:=]+=[a-z]+$/i.test(entry) ? `: name the provider, e.g. github:${entry} or oidc:${entry}` : ": write provider:identity=role";
      problems.push(`"${entry}"${hint}`);
      continue;
    }
    const [, provider, identity, role] = match;
    if (!(SSO_PROVIDERS as readonly string[]).includes(provider.toLowerCase())) problems.push(`"${entry}": unknown provider "${provider}" (${SSO_PROVIDERS.join(" or ")})`);
    else if (!(ROLES as string[]).includes(role)) problems.push(`"${entry}": unknown role "${role}" (${ROLES.join(", ")})`);
    else roles.set(`${provider.toLowerCase()}:${identity.toLowerCase()}`, role as Role);
  }
  return { roles, problems };
}

/**
 * Environment:
 *   HOTSEAT_GITHUB_CLIENT_ID, HOTSEAT_GITHUB_CLIENT_SECRET                 GitHub sign-in
 *   HOTSEAT_OIDC_ISSUER, HOTSEAT_OIDC_CLIENT_ID, HOTSEAT_OIDC_CLIENT_SECRET generic OIDC sign-in
 *   HOTSEAT_OIDC_LABEL                                                      button text (default "SSO")
 *   HOTSEAT_OAUTH_ROLES        "github:login=role, oidc:email=role, ..."
 *   HOTSEAT_OAUTH_DEFAULT_ROLE role for identities not listed; unset refuses them
 */
export function oauthSettings(env: Record<string, string | undefined> = process.env): OAuthSettings {
  const defaultRole = (ROLES as string[]).includes(env.HOTSEAT_OAUTH_DEFAULT_ROLE ?? "")
    ? (env.HOTSEAT_OAUTH_DEFAULT_ROLE as Role)
    : null;
  return {
    github:
      env.HOTSEAT_GITHUB_CLIENT_ID && env.HOTSEAT_GITHUB_CLIENT_SECRET
        ? { clientId: env.HOTSEAT_GITHUB_CLIENT_ID, clientSecret: env.HOTSEAT_GITHUB_CLIENT_SECRET }
        : null,
    oidc:
      env.HOTSEAT_OIDC_ISSUER && env.HOTSEAT_OIDC_CLIENT_ID && env.HOTSEAT_OIDC_CLIENT_SECRET
        ? {
            issuer: env.HOTSEAT_OIDC_ISSUER.replace(/\/+$/, ""),
            clientId: env.HOTSEAT_OIDC_CLIENT_ID,
            clientSecret: env.HOTSEAT_OIDC_CLIENT_SECRET,
            label: env.HOTSEAT_OIDC_LABEL || "SSO",
          }
        : null,
    roles: parseRoleMap(env.HOTSEAT_OAUTH_ROLES).roles,
    defaultRole,
  };
}

/** The role of a provider's identities (the first listed one wins), or null when none may sign in. */
export function oauthRole(provider: string, identities: (string | null | undefined)[], settings = oauthSettings()): Role | null {
  for (const identity of identities) {
    const role = identity ? settings.roles.get(`${provider.toLowerCase()}:${identity.toLowerCase()}`) : undefined;
    if (role) return role;
  }
  return settings.defaultRole;
}

/**
 * Identities a single-sign-on profile may be listed under in HOTSEAT_OAUTH_ROLES: a GitHub login;
 * for OIDC the e-mail address only when the provider says it verified it (anyone can type an
 * address into an account), then the preferred username.
 */
export function oauthIdentities(provider: string, profile: Record<string, unknown> | undefined): string[] {
  const verified = profile?.email_verified === true || profile?.email_verified === "true";
  const candidates = provider === "github" ? [profile?.login] : [verified ? profile?.email : null, profile?.preferred_username];
  return candidates.filter((v): v is string => typeof v === "string" && v.length > 0);
}
