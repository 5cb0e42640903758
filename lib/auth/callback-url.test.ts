import { describe, expect, it } from "vitest";
import { safeCallbackPath, signInErrorMessage } from "./callback-url";

describe("after sign-in", () => {
  it("goes only to a path on this site", () => {
    expect(safeCallbackPath("/audit?user=cto")).toBe("/audit?user=cto");
    expect(safeCallbackPath("http://127.0.0.1:3400/processlist")).toBe("/processlist");
    expect(safeCallbackPath("//evil.example/x")).toBe("/");
    expect(safeCallbackPath("/\\evil.example")).toBe("/");
    expect(safeCallbackPath("javascript:alert(1)")).toBe("/");
    expect(safeCallbackPath("/login")).toBe("/");
    expect(safeCallbackPath(undefined)).toBe("/");
  });
  it("shows only known error texts", () => {
    expect(signInErrorMessage("CredentialsSignin")).toBe("Wrong username or password.");
    expect(signInErrorMessage("Too many failed sign-ins. Try again in 3 minutes.")).toMatch(/3 minutes/);
    expect(signInErrorMessage("Call +1 555 to restore your account")).toBe("Sign-in failed. Try again.");
    expect(signInErrorMessage(undefined)).toBeNull();
  });
});
