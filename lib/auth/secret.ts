import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getConfig } from "@/lib/config";

let cached: string | null = null;

/**
 * The key that signs and encrypts session JWTs. NEXTAUTH_SECRET (or AUTH_SECRET) when set, which a
 * real deployment should do. Without it, so the demo works with no setup, a random per-install
 * secret is created once in `<dataDir>/nextauth-secret` (mode 0600) and reused across restarts;
 * anyone who can read that file can forge sessions, so the data directory must stay private.
 */
export function getAuthSecret(): string {
  const fromEnv = process.env.NEXTAUTH_SECRET || process.env.AUTH_SECRET;
  if (fromEnv) return fromEnv;
  if (cached) return cached;
  const file = path.join(getConfig().dataDir, "nextauth-secret");
  cached = readOrCreateSecret(file);
  return cached;
}

/** Read the secret file, or create it atomically when missing (several processes may race here). */
export function readOrCreateSecret(file: string): string {
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = crypto.randomBytes(32).toString("base64url");
  try {
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch (err) {
    // Another process won the race: use its secret so both sign the same way.
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8").trim();
    throw err;
  }
}

/** Tests only. */
export function resetAuthSecretCache(): void {
  cached = null;
}
