import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import type { LabPaths } from "./paths";

export type LabRole = "viewer" | "operator" | "admin";

/** Console users of the lab: the CTO, the on-call engineer and the boss. */
export const LAB_USERS: { username: string; role: LabRole }[] = [
  { username: "cto", role: "admin" },
  { username: "oncall", role: "operator" },
  { username: "boss", role: "viewer" },
];

export const LAB_TOKENS: { name: string; role: LabRole }[] = [
  { name: "lab-viewer", role: "viewer" },
  { name: "lab-operator", role: "operator" },
  { name: "lab-admin", role: "admin" },
];

/** Every plain-text secret of one lab, generated fresh at each `up`. */
export interface LabSecrets {
  /** MySQL root@localhost (socket only). */
  rootPassword: string;
  /** repl@127.0.0.1: the replication threads. */
  replPassword: string;
  /** hotseat@127.0.0.1: the console's monitoring user. */
  hotseatPassword: string;
  /** app@127.0.0.1: the demo site and the workload. */
  appPassword: string;
  /** Console login passwords by username. */
  users: Record<string, string>;
  /** API bearer tokens by token name. */
  tokens: Record<string, string>;
}

const secret = (bytes = 12) => randomBytes(bytes).toString("hex");

export function generateSecrets(): LabSecrets {
  return {
    rootPassword: secret(),
    replPassword: secret(),
    hotseatPassword: secret(),
    appPassword: secret(),
    users: Object.fromEntries(LAB_USERS.map((u) => [u.username, secret(8)])),
    tokens: Object.fromEntries(LAB_TOKENS.map((t) => [t.name, `hs_${secret(20)}`])),
  };
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Secrets file and root's client option file, both readable by the owner only. */
export function writeSecrets(paths: LabPaths, secrets: LabSecrets): void {
  fs.writeFileSync(paths.secretsPath, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
  fs.chmodSync(paths.secretsPath, 0o600);
  fs.writeFileSync(paths.rootCnf, `[client]\nuser=root\npassword=${secrets.rootPassword}\n`, { mode: 0o600 });
  fs.chmodSync(paths.rootCnf, 0o600);
}

export function readSecrets(paths: LabPaths): LabSecrets {
  try {
    return JSON.parse(fs.readFileSync(paths.secretsPath, "utf8")) as LabSecrets;
  } catch {
    throw new Error(`no lab secrets at ${paths.secretsPath}: is the lab up? (npm run lab -- up)`);
  }
}
