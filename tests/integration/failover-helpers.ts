/** Root access to the lab's servers for failover tests: setup and verification, never the console's own path. */
import fs from "node:fs";
import path from "node:path";
import { labPaths, rootConnection, type LabServerId } from "@/lab";
import { labConfig, labDir } from "./lab";

export const SERVERS: LabServerId[] = ["db1", "db2", "db3", "db4"];

export const paths = () => labPaths({ dir: labDir, portBase: Number(process.env.HOTSEAT_LAB_PORT_BASE ?? 34060) });
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
