/** Root access to the lab's servers for failover tests: setup and verification, never the console's own path. */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { labPaths, rootConnection, testLab, type LabServerId } from "@/lab";
import { labConfig, labDir } from "./lab";

export const SERVERS: LabServerId[] = ["db1", "db2", "db3", "db4"];

export const paths = () => labPaths(testLab());
export const secrets = () => JSON.parse(fs.readFileSync(path.join(labDir, "lab-secrets.json"), "utf8")) as { rootPassword: string; appPassword: string };
export const portOf = (id: string) => labConfig().servers.find((s) => s.id === id)!.port;

export async function asRoot<T = Record<string, unknown>[]>(id: LabServerId, sql: string, params: unknown[] = [], timeout = 5000): Promise<T> {
  const conn = await rootConnection(paths().servers[id], secrets().rootPassword, 2000);
  try {
    const [rows] = await conn.query({ sql, values: params, timeout });
    return rows as T;
  } finally {
    conn.destroy();
  }
}

/** What the server really says: read_only, GTID positions, where it replicates from. */
export async function serverState(id: LabServerId) {
  const [v] = await asRoot(id, "SELECT @@read_only AS ro, @@gtid_current_pos AS pos, @@gtid_binlog_pos AS binlog");
  const [s] = await asRoot<Record<string, unknown>[]>(id, "SHOW SLAVE STATUS");
  return {
    readOnly: Number(v.ro) === 1,
    pos: String(v.pos ?? ""),
    binlog: String(v.binlog ?? ""),
    sourcePort: s ? Number(s.Master_Port) : null,
    io: s ? String(s.Slave_IO_Running) : null,
    sql: s ? String(s.Slave_SQL_Running) : null,
    error: s ? [s.Last_IO_Error, s.Last_SQL_Error].filter(Boolean).join("; ") : "",
  };
}

/** A console process (failover-console.ts) and the JSON events it printed. */
export interface ConsoleProcess {
  child: ChildProcess;
  events: Record<string, unknown>[];
  exited: Promise<number | null>;
}

/** Start a console as its own OS process, with `env` over this one's (its config, its store). */
export function startConsoleProcess(env: Record<string, string>, ...args: string[]): ConsoleProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "failover-console.ts"), ...args], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const events: Record<string, unknown>[] = [];
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      try {
        events.push(JSON.parse(line));
      } catch {
        // not an event line
      }
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(`[console ${child.pid}] ${chunk}`));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, events, exited };
}
