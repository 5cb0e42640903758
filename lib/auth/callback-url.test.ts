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
  it("refuses what a browser would turn into another origin", () => {
    // tabs, newlines and other control characters are stripped by browsers: "/\t/evil" is "//evil"
    for (const c of ["\t", "\n", "\r", "\u0000", "\u001f", "\u007f", " ", "\u00a0", "\u2028"]) {
      expect(safeCallbackPath(`/${c}/evil.example`), JSON.stringify(c)).toBe("/");
    }
    expect(safeCallbackPath(decodeURIComponent("/%09/evil.example"))).toBe("/");
    expect(safeCallbackPath("/%09/evil.example")).toBe("/%09/evil.example"); // still encoded: a path here
    expect(safeCallbackPath("/x\\..\\..\\/evil.example")).toBe("/");
    expect(safeCallbackPath("/\\/evil.example")).toBe("/");
    expect(safeCallbackPath("http://evil.example/\t/x")).toBe("/");
    expect(safeCallbackPath("/./..//evil.example")).toBe("/");
    expect(safeCallbackPath("/servers/db1/../db2?tab=processlist#top")).toBe("/servers/db2?tab=processlist#top");
  });
  it("shows only known error texts", () => {
    expect(signInErrorMessage("CredentialsSignin")).toBe("Wrong username or password.");
    expect(signInErrorMessage("Too many failed sign-ins. Try again in 3 minutes.")).toMatch(/3 minutes/);
    expect(signInErrorMessage("Call +1 555 to restore your account")).toBe("Sign-in failed. Try again.");
    expect(signInErrorMessage(undefined)).toBeNull();
  });
});
