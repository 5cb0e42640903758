/** Variables a hook inherits from the console's own environment: enough to find and run programs. */
const INHERITED = ["PATH", "HOME", "LANG", "TZ"] as const;
type Env = Record<string, string | undefined>;
const DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

/**
 * The whole environment of a hook command: PATH, HOME, LANG and TZ (when set) from the console,
 * plus the hook's own variables. Nothing else: the console's environment holds NEXTAUTH_SECRET and
 * database passwords, and a hook is a shell command someone else may maintain.
 */
export function hookEnv(vars: Record<string, string>, from: Env = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED) {
    const value = from[name];
    if (value !== undefined) env[name] = value;
  }
  env.PATH ??= DEFAULT_PATH;
  return { ...env, ...vars };
}
