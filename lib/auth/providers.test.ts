import { describe, expect, it } from "vitest";
import { oauthRole, oauthSettings, parseRoleMap } from "./providers";

describe("single sign-on settings", () => {
  it("is off unless both id and secret are set", () => {
    expect(oauthSettings({}).github).toBeNull();
    expect(oauthSettings({ HOTSEAT_GITHUB_CLIENT_ID: "x" }).github).toBeNull();
    expect(oauthSettings({ HOTSEAT_GITHUB_CLIENT_ID: "x", HOTSEAT_GITHUB_CLIENT_SECRET: "y" }).github).toEqual({ clientId: "x", clientSecret: "y" });
    expect(oauthSettings({ HOTSEAT_OIDC_ISSUER: "https://id.example/", HOTSEAT_OIDC_CLIENT_ID: "a", HOTSEAT_OIDC_CLIENT_SECRET: "b" }).oidc?.issuer).toBe("https://id.example");
  });
  it("grants only listed identities, ignores unknown roles, and falls back to the default role only when set", () => {
    const map = parseRoleMap("Alice=admin, bob@example.com=operator, eve=root");
    expect([...map.entries()]).toEqual([["alice", "admin"], ["bob@example.com", "operator"]]);
    const settings = oauthSettings({ HOTSEAT_OAUTH_ROLES: "alice=admin" });
    expect(oauthRole(["ALICE"], settings)).toBe("admin");
    expect(oauthRole(["mallory"], settings)).toBeNull();
    expect(oauthRole(["mallory"], oauthSettings({ HOTSEAT_OAUTH_DEFAULT_ROLE: "viewer" }))).toBe("viewer");
  });
});
