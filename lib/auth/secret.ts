import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, getConfig } from "@/lib/config";

let cached: string | null = null;

/** A shorter key is guessable offline from one session cookie. */
export const MIN_SECRET_BYTES = 32;

/** The secret, or a ConfigError (which stops the console at start) when it is too short. */
function longEnough(secret: string, source: string): string {
  const bytes = Buffer.byteLength(secret, "utf8");
  if (bytes < MIN_SECRET_BYTES) {
    throw new ConfigError(
      `The session secret from ${source} is ${bytes} bytes; it needs at least ${MIN_SECRET_BYTES}. Set one with: openssl rand -hex 32`,
    );
  }
  return secret;
}

/**
 * The key that signs and encrypts session JWTs. NEXTAUTH_SECRET (or AUTH_SECRET) when set, which a
 * real deployment should do. Without it, so the demo works with no setup, a random per-install
 * secret is created once in `<dataDir>/nextauth-secret` (mode 0600) and reused across restarts;
 * anyone who can read that file can forge sessions, so the data directory must stay private.
 * Either way a secret shorter than 32 bytes is refused with a ConfigError.
 */
export function getAuthSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return longEnough(process.env.NEXTAUTH_SECRET, "NEXTAUTH_SECRET");
  if (process.env.AUTH_SECRET) return longEnough(process.env.AUTH_SECRET, "AUTH_SECRET");
  if (cached) return cached;
  const file = path.join(getConfig().dataDir, "nextauth-secret");
  cached = readOrCreateSecret(file);
  return cached;
}

/** Read the secret file, or create it atomically when missing (several processes may race here). */
export function readOrCreateSecret(file: string): string {
  try {
    const existing = fs.readFileSync(file, "utf8").trim();
    // empty: another process has created it and is writing it now (below, EEXIST reads it again)
    if (existing) return longEnough(existing, file);
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
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return longEnough(fs.readFileSync(file, "utf8").trim(), file);
    throw err;
  }
}

/** Tests only. */
export function resetAuthSecretCache(): void {
  cached = null;
}
