import { describe, expect, it } from "vitest";
import { oauthIdentities, oauthRole, oauthSettings, parseRoleMap } from "./providers";

describe("single sign-on settings", () => {
  it("is off unless both id and secret are set", () => {
    expect(oauthSettings({}).github).toBeNull();
    expect(oauthSettings({ HOTSEAT_GITHUB_CLIENT_ID: "x" }).github).toBeNull();
    expect(oauthSettings({ HOTSEAT_GITHUB_CLIENT_ID: "x", HOTSEAT_GITHUB_CLIENT_SECRET: "y" }).github).toEqual({ clientId: "x", clientSecret: "y" });
    expect(oauthSettings({ HOTSEAT_OIDC_ISSUER: "https://id.example/", HOTSEAT_OIDC_CLIENT_ID: "a", HOTSEAT_OIDC_CLIENT_SECRET: "b" }).oidc?.issuer).toBe("https://id.example");
  });
  it("grants only listed identities, ignores unknown roles, and falls back to the default role only when set", () => {
    const { roles } = parseRoleMap("github:Alice=admin, oidc:bob@example.com=operator, github:eve=root");
    expect([...roles.entries()]).toEqual([["github:alice", "admin"], ["oidc:bob@example.com", "operator"]]);
    const settings = oauthSettings({ HOTSEAT_OAUTH_ROLES: "github:alice=admin" });
    expect(oauthRole("github", ["ALICE"], settings)).toBe("admin");
    expect(oauthRole("github", ["mallory"], settings)).toBeNull();
    expect(oauthRole("github", ["mallory"], oauthSettings({ HOTSEAT_OAUTH_DEFAULT_ROLE: "viewer" }))).toBe("viewer");
  });

  it("an entry holds for its own provider only: an OIDC identity's role is not GitHub's same name", () => {
    const settings = oauthSettings({ HOTSEAT_OAUTH_ROLES: "oidc:alice@example.com=admin github:alice=viewer" });
    expect(oauthRole("oidc", ["alice@example.com"], settings)).toBe("admin");
    expect(oauthRole("github", ["alice@example.com"], settings)).toBeNull();
    expect(oauthRole("github", ["alice"], settings)).toBe("viewer");
  });

  it("names what is wrong with entries that name no provider, an unknown one, or an unknown role; they grant nothing", () => {
    const { roles, problems } = parseRoleMap("alice=admin, gitlab:bob=operator, oidc:eve=root, junk");
    expect(roles.size).toBe(0);
    expect(problems).toEqual([
      '"alice=admin": name the provider, e.g. github:alice=admin or oidc:alice=admin',
      '"gitlab:bob=operator": unknown provider "gitlab" (github or oidc)',
      '"oidc:eve=root": unknown role "root" (viewer, operator, admin)',
      '"junk": write provider:identity=role',
    ]);
  });
});

describe("single sign-on identities", () => {
  it("an OIDC e-mail counts only when the provider verified it; GitHub by login", () => {
    expect(oauthIdentities("oidc", { email: "alice@example.com", email_verified: true, preferred_username: "alice" })).toEqual(["alice@example.com", "alice"]);
    expect(oauthIdentities("oidc", { email: "alice@example.com", email_verified: false, preferred_username: "al" })).toEqual(["al"]);
    expect(oauthIdentities("oidc", { email: "alice@example.com" })).toEqual([]);
    expect(oauthIdentities("github", { login: "alice", email: "alice@example.com" })).toEqual(["alice"]);
  });
});
