import fs from "node:fs";
import path from "node:path";
import { extraServerPaths } from "./clusters";
import { labPaths, LAB_SERVER_IDS, type LabOptions } from "./paths";
import { processState, type ProcessState } from "./processes";
import { readSecrets } from "./secrets";
import { q, replicaStatus, rootConnection, type ReplicaStatusSummary } from "./sql";
import { readState } from "./state";

export interface LabServerStatus {
  /** db1..db4, or an extra cluster's db5..db10 (`up --clusters 3`) */
  id: string;
  port: number;
  pid: number | null;
  process: ProcessState;
  /** null when the server could not be asked (stopped, frozen, refused). */
  readOnly: boolean | null;
  gtidBinlogPos: string | null;
  replication: ReplicaStatusSummary | null;
  error: string | null;
}

export interface LabStatus {
  dir: string;
  up: boolean;
  siteUrl: string;
  configPath: string;
  servers: LabServerStatus[];
  helpers: { kind: string; pid: number; process: ProcessState; server?: string }[];
}

/** Each server's process state and, when it answers, read_only and replication. */
export async function labStatus(opts: LabOptions = {}): Promise<LabStatus> {
  const paths = labPaths(opts);
  const state = readState(paths);
  const base = { dir: paths.dir, siteUrl: paths.siteUrl, configPath: paths.configPath };
  if (!state) return { ...base, up: false, servers: [], helpers: [] };
  let rootPassword = "";
  try {
    rootPassword = readSecrets(paths).rootPassword;
  } catch {
    // a half-started lab: root may still have no password
  }
  const servers = await Promise.all(
    LAB_SERVER_IDS.map(async (id): Promise<LabServerStatus> => {
      const s = state.servers[id];
      const proc = processState(s?.pid, s?.marker);
      const out: LabServerStatus = {
        id,
        port: s?.port ?? paths.servers[id].port,
        pid: s?.pid ?? null,
        process: proc,
        readOnly: null,
        gtidBinlogPos: null,
        replication: null,
        error: null,
      };
      // A frozen server accepts nothing; asking would only wait for the timeout.
      if (proc !== "running") return out;
      await readServer(paths.servers[id], rootPassword, out);
      return out;
    }),
  );
  const helpers = state.helpers.map((h) => ({ kind: h.kind, pid: h.pid, process: processState(h.pid, h.marker), server: h.server }));
  return { ...base, up: servers.some((s) => s.process !== "stopped"), servers: [...servers, ...(await extraStatus(paths.dir, paths.portBase))], helpers };
}

/** Read one server's read_only, binlog position and channels into `out` (or its error); true when it answered. */
async function readServer(server: Parameters<typeof rootConnection>[0], rootPassword: string, out: LabServerStatus): Promise<boolean> {
  try {
    const conn = await rootConnection(server, rootPassword, 1500);
    try {
      const [v] = await q<{ ro: number; pos: string }[]>(conn, "SELECT @@GLOBAL.read_only AS ro, @@GLOBAL.gtid_binlog_pos AS pos", [], 2000);
      out.readOnly = Number(v.ro) === 1;
      out.gtidBinlogPos = v.pos;
      out.replication = await replicaStatus(conn, 2000);
      return true;
    } finally {
      await conn.end().catch(() => undefined);
    }
  } catch (err) {
    out.error = (err as Error).message;
    return false;
  }
}

/** The extra clusters' servers of `up --clusters 3`, as far as they answer (no pids are kept for them). */
async function extraStatus(dir: string, portBase: number): Promise<LabServerStatus[]> {
  const clustersDir = path.join(dir, "clusters");
  let rootPassword: string;
  try {
    rootPassword = JSON.parse(fs.readFileSync(path.join(clustersDir, "secrets.json"), "utf8")).rootPassword;
  } catch {
    return [];
  }
  return Promise.all(
    extraServerPaths(clustersDir, portBase).map(async (sp): Promise<LabServerStatus> => {
      const out: LabServerStatus = { id: sp.id, port: sp.port, pid: null, process: "stopped", readOnly: null, gtidBinlogPos: null, replication: null, error: null };
      if (await readServer(sp, rootPassword, out)) out.process = "running";
      return out;
    }),
  );
}

const portToId = (status: LabStatus, port: number | null) => status.servers.find((s) => s.port === port)?.id ?? String(port);

/** A terminal table of the status. */
export function formatStatus(status: LabStatus): string {
  if (!status.servers.length) return `lab at ${status.dir} is down (no state)`;
  const lines = [`lab at ${status.dir}: ${status.up ? "up" : "down"}`];
  for (const s of status.servers) {
    const role = s.readOnly === null ? "" : s.readOnly ? "read-only" : "WRITABLE";
    let repl = "";
    if (s.replication) {
      const r = s.replication;
      repl = `<- ${portToId(status, r.sourcePort)} io=${r.ioRunning} sql=${r.sqlRunning} behind=${r.secondsBehindMaster ?? "NULL"}`;
      if (r.lastError) repl += ` error: ${r.lastError}`;
    } else if (s.process === "running" && !s.error) repl = "(no replication)";
    const err = s.error ? ` (${s.error})` : "";
    lines.push(
      `  ${s.id}  ${s.process.padEnd(7)} pid ${String(s.pid ?? "-").padEnd(7)} port ${s.port}  ${role.padEnd(9)} ${repl}${err}`.trimEnd(),
    );
    if (s.gtidBinlogPos) lines.push(`        gtid_binlog_pos ${s.gtidBinlogPos}`);
  }
  for (const h of status.helpers) {
    lines.push(`  ${h.kind}${h.server ? ` on ${h.server}` : ""}: ${h.process} pid ${h.pid}`);
  }
  lines.push(`  site ${status.siteUrl}  config ${status.configPath}`);
  return lines.join("\n");
}
