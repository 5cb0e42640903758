/** What integration tests need of the running test lab (started by `npm test`, or by hand). */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { testLab } from "@/lab";
import { loadConfigFile, type HotSeatConfig } from "@/lib/config";
import { query, type Connection } from "@/lib/mysql";

const root = path.resolve(import.meta.dirname, "../..");
const lab = testLab();
export const labDir = lab.dir;
const labEnv = { ...process.env, HOTSEAT_LAB_DIR: lab.dir, HOTSEAT_LAB_PORT_BASE: String(lab.portBase) };

export function labConfig(): HotSeatConfig {
  return loadConfigFile(path.join(labDir, "hotseat.config.json"));
}

export interface LabSecrets {
  users: Record<string, string>;
  tokens: Record<string, string>;
}

export function labSecrets(): LabSecrets {
  return JSON.parse(fs.readFileSync(path.join(labDir, "lab-secrets.json"), "utf8"));
}

/** Run `npm run lab -- scenario ...` against the test lab. */
export function scenario(...args: string[]): string {
  return execFileSync(path.join(root, "node_modules/.bin/tsx"), ["scripts/lab.ts", "scenario", ...args], {
    cwd: root,
    env: labEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** Poll `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs: number, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}

/** A request to a route handler, as a script with an API token would send it. */
export function apiRequest(url: string, token?: string, init: { method?: string; body?: unknown } = {}): NextRequest {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  return new NextRequest(new URL(url, "http://127.0.0.1:3000"), {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/**
 * Statements run by one MySQL user so far, from performance_schema: the console's own statements,
 * apart from the lab's demo shop (another user). The reading SELECT itself counts once.
 */
export async function statementsBy(probe: Connection, user: string): Promise<number> {
  const rows = await query(probe, "SELECT SUM(COUNT_STAR) AS n FROM performance_schema.events_statements_summary_by_user_by_event_name WHERE USER = ?", [user]);
  return Number(rows[0].n);
}
