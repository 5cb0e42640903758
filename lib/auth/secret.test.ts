import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/config";
import { checkAuthSettings } from "./check";
import { readOrCreateSecret } from "./secret";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hotseat-secret-"));
  dirs.push(dir);
  return dir;
}

describe("session secret", () => {
  it("is made once, 32 random bytes in a 0600 file, and read back", () => {
    const file = path.join(tempDir(), "data", "nextauth-secret");
    const secret = readOrCreateSecret(file);
    expect(Buffer.byteLength(secret)).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readOrCreateSecret(file)).toBe(secret);
  });

  it("a short secret in the file stops the start with a message naming the file, not the secret", () => {
    const file = path.join(tempDir(), "nextauth-secret");
    fs.writeFileSync(file, "short-secret\n", { mode: 0o600 });
    expect(() => readOrCreateSecret(file)).toThrow(ConfigError);
    expect(() => readOrCreateSecret(file)).toThrow(new RegExp(`${file} is 12 bytes; it needs at least 32`));
  });

  it("a short secret in the environment stops the start, naming the variable", () => {
    const before = process.env.NEXTAUTH_SECRET;
    try {
      process.env.NEXTAUTH_SECRET = "only-twenty-six-bytes-long";
      expect(() => checkAuthSettings({})).toThrow(/NEXTAUTH_SECRET is 26 bytes; it needs at least 32/);
      process.env.NEXTAUTH_SECRET = "x".repeat(32);
      expect(() => checkAuthSettings({})).not.toThrow();
      expect(() => checkAuthSettings({ HOTSEAT_OAUTH_ROLES: "alice=admin" })).toThrow(/Invalid HOTSEAT_OAUTH_ROLES:\n {2}- "alice=admin": name the provider/);
    } finally {
      if (before === undefined) delete process.env.NEXTAUTH_SECRET;
      else process.env.NEXTAUTH_SECRET = before;
    }
  });
});
