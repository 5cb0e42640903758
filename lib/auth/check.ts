import { ConfigError } from "@/lib/config";
import { parseRoleMap } from "./providers";
import { getAuthSecret } from "./secret";

/**
 * What must hold before the console lets anyone sign in, checked at start: a session secret of at
 * least 32 bytes (environment or file), and every HOTSEAT_OAUTH_ROLES entry naming its provider
 * and a known role. Throws ConfigError naming what is wrong; the console then does not start.
 */
export function checkAuthSettings(env: Record<string, string | undefined> = process.env): void {
  getAuthSecret();
  const { problems } = parseRoleMap(env.HOTSEAT_OAUTH_ROLES);
  if (problems.length) throw new ConfigError(`Invalid HOTSEAT_OAUTH_ROLES:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
}
