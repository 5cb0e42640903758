/** What the processlist and kill tests need beyond tests/integration/lab.ts: real connections and route calls. */
import fs from "node:fs";
import mysql from "mysql2/promise";
import { labPaths, ROGUE_SQL, rootConnection, type LabServerId } from "@/lab";
import { Collector, getCollector } from "@/lib/collector";
import { listAudit, type AuditEntry } from "@/lib/audit";
import type { ProcessView } from "@/lib/processlist";
import { GET as processlistGET } from "@/app/api/processlist/route";
import { POST as killPOST } from "@/app/api/servers/[id]/processes/[pid]/kill/route";
import { requestAs, useLabConfig as pointConsoleAtTestLab, type Credential } from "./auth-helpers";
import { labConfig, labDir, waitFor } from "./lab";

const paths = () => labPaths({ dir: labDir });
const secrets = () => JSON.parse(fs.readFileSync(`${labDir}/lab-secrets.json`, "utf8")) as { rootPassword: string; appPassword: string };

/** Root over the server's socket: the test's own eyes on the real processlist, apart from the console. */
export function rootOn(id: LabServerId): Promise<mysql.Connection> {
  return rootConnection(paths().servers[id], secrets().rootPassword);
}

/** The demo shop's application user over TCP: an ordinary client thread. */
export function appOn(id: LabServerId): Promise<mysql.Connection> {
  const server = labConfig().servers.find((s) => s.id === id)!;
  return mysql.createConnection({ host: server.host, port: server.port, user: "app", password: secrets().appPassword });
}

export async function threadsOn(conn: mysql.Connection): Promise<{ Id: number; User: string; Command: string; Info: string | null; Time: number; State: string | null }[]> {
  const [rows] = await conn.query("SHOW FULL PROCESSLIST");
  return rows as { Id: number; User: string; Command: string; Info: string | null; Time: number; State: string | null }[];
}

/** Point the console at the test lab and start its collector in this process. */
export async function startConsole(): Promise<void> {
  pointConsoleAtTestLab();
  await getCollector().pollOnce();
}

export function stopConsole(): void {
  getCollector().stop();
  delete (globalThis as { __hotseatCollector?: unknown }).__hotseatCollector;
}

/**
 * A collector that reads performance_schema digests every 2 s instead of 10 s (the tests wait
 * seconds, not a minute), made the process's collector so the routes read it; resolves once db1's
 * digest baseline is taken.
 */
export async function startDigestCollector(): Promise<Collector> {
  pointConsoleAtTestLab();
  const collector = new Collector(labConfig(), { digestIntervalMs: 2000 });
  (globalThis as { __hotseatCollector?: Collector }).__hotseatCollector = collector;
  collector.start();
  await waitFor(() => collector.writersOf("db1")?.source === "performance_schema", 15_000, "db1's digest baseline");
  return collector;
}

export const OPERATOR: Credential = { kind: "token", role: "operator" };
export const VIEWER: Credential = { kind: "token", role: "viewer" };

export async function processlist(query = "", as: Credential = VIEWER): Promise<{ status: number; processes: ProcessView[]; body: Record<string, unknown> }> {
  const res = await processlistGET(await requestAs(as, `/api/processlist${query}`), { params: Promise.resolve({}) });
  const body = (await res.json()) as Record<string, unknown>;
  return { status: res.status, processes: (body.processes as ProcessView[]) ?? [], body };
}

/** Waits until the collector's processlist shows a thread matching `match`. */
export function waitForProcess(query: string, match: (p: ProcessView) => boolean, what: string): Promise<ProcessView> {
  return waitFor(async () => (await processlist(query)).processes.find(match), 15_000, what);
}

export async function kill(serverId: string, pid: string | number, body: unknown, as: Credential = OPERATOR): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = `/api/servers/${serverId}/processes/${pid}/kill`;
  const res = await killPOST(await requestAs(as, url, { method: "POST", body }), { params: Promise.resolve({ id: serverId, pid: String(pid) }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The newest kill audit entries of one thread id. */
export async function killAudits(serverId: string, pid: number | string): Promise<AuditEntry[]> {
  return (await listAudit({ action: "kill", server: serverId, limit: 50 })).filter((e) => String(e.params?.pid) === String(pid));
}

/** Thread ids of the lab's rogue query (ROGUE_SQL) on db1, as root sees them. */
export async function rogueThreadIds(): Promise<number[]> {
  const root = await rootOn("db1");
  try {
    return (await threadsOn(root)).filter((t) => t.Info === ROGUE_SQL).map((t) => t.Id);
  } finally {
    await root.end();
  }
}

/** KILL every rogue query left on db1 (by an earlier run, or a failed test). */
export async function killRogueQueries(): Promise<void> {
  const ids = await rogueThreadIds();
  if (!ids.length) return;
  const root = await rootOn("db1");
  try {
    for (const id of ids) await root.query(`KILL ${id}`).catch(() => undefined);
  } finally {
    await root.end();
  }
}
