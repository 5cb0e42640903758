import { hash } from "bcryptjs";
import type { z } from "zod";
import type { configSchema } from "@/lib/config/schema";
import fs from "node:fs";
import { labAppServerConfig } from "./app-tier";
import { LAB_SERVER_IDS, type LabPaths, type LabServerId } from "./paths";
import { LAB_TOKENS, LAB_USERS, sha256Hex, type LabSecrets } from "./secrets";

/**
 * The lab's hotseat.config.json: the configuration file's own shape (the schema's input), so the
 * compiler holds the lab to the contract, with the keys the lab always writes made required.
 */
export type LabConfig = z.input<typeof configSchema> & Required<Pick<z.input<typeof configSchema>, "lagCutoffSeconds" | "pollIntervalMs" | "dataDir">>;

const SERVER_NAMES: Record<LabServerId, string> = {
  db1: "db1 (master)",
  db2: "db2 (co-master)",
  db3: "db3 (replica)",
  db4: "db4 (replica)",
};

/** db1 and db2 replicate from each other and may take the writer; db3 and db4 never may. */
const PROMOTION: Record<LabServerId, NonNullable<LabConfig["servers"][number]["promotion"]>> = {
  db1: "prefer",
  db2: "prefer",
  db3: "must_not",
  db4: "must_not",
};

/** bcrypt cost 10: the lab logs in often in tests, and cost 10 is the common default. */
const BCRYPT_COST = 10;

export async function buildLabConfig(paths: LabPaths, secrets: LabSecrets): Promise<LabConfig> {
  const users = await Promise.all(
    LAB_USERS.map(async (u) => ({
      username: u.username,
      role: u.role,
      passwordHash: await hash(secrets.users[u.username], BCRYPT_COST),
    })),
  );
  return {
    servers: LAB_SERVER_IDS.map((id) => ({
      id,
      name: SERVER_NAMES[id],
      host: "127.0.0.1",
      port: paths.servers[id].port,
      user: "hotseat",
      password: secrets.hotseatPassword,
      promotion: PROMOTION[id],
    })),
    lagCutoffSeconds: paths.cutoffSeconds,
    pollIntervalMs: 1000,
    heartbeat: { enabled: true, database: "hotseat" },
    dataDir: paths.consoleDataDir,
    auth: {
      users,
      apiTokens: LAB_TOKENS.map((t) => ({ name: t.name, role: t.role, tokenSha256: sha256Hex(secrets.tokens[t.name]) })),
    },
    maintenance: { flagFile: paths.maintenanceFlag },
    // The shop reads the writer from here: the "code line" Hot Seat now keeps for the app.
    failover: { writerFile: paths.writerFile },
    site: { url: paths.siteUrl },
    appServers: [labAppServerConfig(paths)],
    // The demo shop answers 204 here (only while it runs: `up --with-site`).
    alerts: { webhooks: [{ url: `${paths.siteUrl.replace(/\/+$/, "")}/hooks/alerts`, format: "json" }] },
  };
}

/** Mode 0600: the file holds the monitoring user's password. */
export function writeLabConfig(paths: LabPaths, config: LabConfig): void {
  fs.writeFileSync(paths.configPath, JSON.stringify(config, null, 2) + "\n", { mode: 0o600 });
  fs.chmodSync(paths.configPath, 0o600);
}

export function readLabConfig(paths: LabPaths): LabConfig {
  return JSON.parse(fs.readFileSync(paths.configPath, "utf8")) as LabConfig;
}
