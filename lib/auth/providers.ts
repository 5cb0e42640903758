import type { Role } from "./roles";

const ROLES: readonly Role[] = ["viewer", "operator", "admin"];

/** Single sign-on providers switched on by environment variables (none by default). */
export interface OAuthSettings {
  github: { clientId: string; clientSecret: string } | null;
  oidc: { issuer: string; clientId: string; clientSecret: string; label: string } | null;
  /** identity (GitHub login, OIDC email or preferred_username), lower-cased -> role */
  roles: Map<string, Role>;
  /** Role for a signed-in identity that is not listed; null refuses it. */
  defaultRole: Role | null;
}

/**
 * Parses `alice=admin, bob@example.com=operator` into a map; unknown roles are ignored rather
 * than guessed, so a typo can never grant more than intended.
 */
export function parseRoleMap(text: string | undefined): Map<string, Role> {
  const map = new Map<string, Role>();
  for (const pair of (text ?? "").split(/[,;\s]+/)) {
    const [identity, role] = pair.split("=").map((s) => s?.trim());
    if (identity && role && (ROLES as string[]).includes(role)) map.set(identity.toLowerCase(), role as Role);
  }
  return map;
}

/**
 * Environment:
 *   HOTSEAT_GITHUB_CLIENT_ID, HOTSEAT_GITHUB_CLIENT_SECRET                 GitHub sign-in
 *   HOTSEAT_OIDC_ISSUER, HOTSEAT_OIDC_CLIENT_ID, HOTSEAT_OIDC_CLIENT_SECRET generic OIDC sign-in
 *   HOTSEAT_OIDC_LABEL                                                      button text (default "SSO")
 *   HOTSEAT_OAUTH_ROLES        "login-or-email=role, ..." for both providers
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
    roles: parseRoleMap(env.HOTSEAT_OAUTH_ROLES),
    defaultRole,
  };
}

/** The role of a single-sign-on identity, or null when it may not sign in. */
export function oauthRole(identities: (string | null | undefined)[], settings = oauthSettings()): Role | null {
  for (const identity of identities) {
    const role = identity ? settings.roles.get(identity.toLowerCase()) : undefined;
    if (role) return role;
  }
  return settings.defaultRole;
}
