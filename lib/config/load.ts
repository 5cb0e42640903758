import fs from "node:fs";
import path from "node:path";
import { issueLines } from "@/lib/errors";
import { configSchema, type HotSeatConfig, type ServerConfig } from "./schema";

/** A configuration problem, with a message a human can act on (no stack trace needed). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Where the config lives: HOTSEAT_CONFIG, else ./hotseat.config.json, else the lab's own. */
export function configPath(): string {
  if (process.env.HOTSEAT_CONFIG) return path.resolve(process.env.HOTSEAT_CONFIG);
  const local = path.resolve("hotseat.config.json");
  if (fs.existsSync(local)) return local;
  return path.resolve("var/lab/hotseat.config.json");
}

/** Parse and validate a config object; throws ConfigError naming every bad key. */
export function parseConfig(raw: unknown, source = "configuration"): HotSeatConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(`Invalid ${source}:\n${issueLines(result.error.issues, undefined, "(top level)").map((line) => `  - ${line}`).join("\n")}`);
  }
  for (const server of result.data.servers) {
    if (server.passwordEnv && process.env[server.passwordEnv] === undefined) {
      throw new ConfigError(
        `Invalid ${source}:\n  - servers.${server.id}.passwordEnv: environment variable ${server.passwordEnv} is not set`,
      );
    }
  }
  return result.data;
}

/** Read, parse and validate the config file. */
export function loadConfigFile(file = configPath()): HotSeatConfig {
  let text: string;
  try {
    text = fs.readFileSync(/* turbopackIgnore: true */ file, "utf8"); // a runtime path, not a build input
  } catch {
    throw new ConfigError(
      `Cannot read the configuration file ${file}. Set HOTSEAT_CONFIG, create ./hotseat.config.json, or start the lab with "npm run lab -- up".`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const cfg = parseConfig(raw, file);
  // A relative dataDir is relative to the config file, so the console finds its state wherever it starts.
  return { ...cfg, dataDir: path.resolve(path.dirname(file), cfg.dataDir) };
}

/** The password for a server, from the file or its environment variable. Server-side only. */
export function serverPassword(server: ServerConfig): string {
  if (server.passwordEnv) return process.env[server.passwordEnv] ?? "";
  return server.password ?? "";
}

let cached: HotSeatConfig | null = null;

/** The process-wide config, loaded once. */
export function getConfig(): HotSeatConfig {
  if (!cached) cached = loadConfigFile();
  return cached;
}

/** Tests only: drop the cached config. */
export function resetConfigCache(): void {
  cached = null;
}
