/**
 * The multi-cluster lab for integration tests: the running test lab's shop (db1..db4) plus the
 * extra clusters (auth db5 -> db6 -> db7, analytics db8 + db9 -> db10), started by the test on
 * its own ports and directory unless the lab already runs them (`lab up --clusters 3`), and a
 * console config of all ten in that directory. Root access for setup and verification only.
 */
import fs from "node:fs";
import path from "node:path";
import { extraClustersDown, extraClustersUp, extraServerPaths, withExtraClusters, type ExtraClusters } from "@/lab/clusters";
import { readLabConfig, rootConnection, testLab, type LabConfig } from "@/lab";
import { resetConfigCache } from "@/lib/config";
import { paths } from "./failover-helpers";
import { labDir } from "./lab";

export const EXTRA_IDS = ["db5", "db6", "db7", "db8", "db9", "db10"] as const;
const portBase = () => testLab().portBase;

export interface ClusterLab {
  configFile: string;
  /** root password of the extra servers */
  rootPassword: string;
  dir: string;
  /** the test started the extra servers, and stops them */
  started: boolean;
}

/** Start (or find) the extra clusters and point HOTSEAT_CONFIG at a config of all ten servers. */
export async function useClusterLab(): Promise<ClusterLab> {
  const lab = readLabConfig(paths());
  const own = lab.servers.some((s) => s.id === "db5");
  const dir = own ? path.join(labDir, "clusters") : path.join(labDir, "clusters-it");
  let config: LabConfig;
  let rootPassword: string;
  if (own) {
    config = lab;
    rootPassword = JSON.parse(fs.readFileSync(path.join(dir, "secrets.json"), "utf8")).rootPassword;
  } else {
    const extras: ExtraClusters = await extraClustersUp({ dir, portBase: portBase(), templateRoot: paths().templateRoot });
    config = withExtraClusters(lab, extras);
    rootPassword = extras.secrets.rootPassword;
  }
  // Its own store (published writers, runs) and no app tier: the shop's own console is left alone.
  const consoleConfig: LabConfig = { ...config, dataDir: path.join(dir, "console-data"), appServers: [], alerts: { webhooks: [] } };
  fs.mkdirSync(consoleConfig.dataDir, { recursive: true });
  const configFile = path.join(dir, "hotseat.config.json");
  fs.writeFileSync(configFile, JSON.stringify(consoleConfig, null, 2), { mode: 0o600 });
  process.env.HOTSEAT_CONFIG = configFile;
  resetConfigCache();
  return { configFile, rootPassword, dir, started: !own };
}

export async function stopClusterLab(lab: ClusterLab | undefined): Promise<void> {
  if (lab?.started) await extraClustersDown(lab.dir);
}

/** A statement as root on one of the extra servers, over its socket. */
export async function asRootExtra<T = Record<string, unknown>[]>(lab: ClusterLab, id: (typeof EXTRA_IDS)[number], sql: string, timeout = 5000): Promise<T> {
  const server = extraServerPaths(lab.dir, portBase()).find((s) => s.id === id)!;
  const conn = await rootConnection(server, lab.rootPassword, 2000);
  try {
    const [rows] = await conn.query({ sql, timeout });
    return rows as T;
  } finally {
    conn.destroy();
  }
}
