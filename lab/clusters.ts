/**
 * The lab's extra clusters, beside the story's shop (db1..db4): "auth", db5 the writer, db6 its
 * replica and db7 a replica of db6 (a chain); "analytics", db8 and db9 two writers, db10 a
 * two-source replica of both (MariaDB named connections 'db8' and 'db9'). Tiny servers
 * (8 MB buffer pool, performance_schema off), in their own directory, so a test can start them
 * on its own ports beside a running lab and stop them again.
 */
import fs from "node:fs";
import path from "node:path";
import { labBinaries } from "./binaries";
import type { LabConfig } from "./config";
import { labDown } from "./down";
import type { ServerPaths } from "./paths";
import { busyPorts } from "./ports";
import { sleep } from "./processes";
import { generateSecrets, type LabSecrets } from "./secrets";
import { serverArgs } from "./server-args";
import { launchServer, waitForServer } from "./servers";
import { changeMasterSql, q, rootConnection, setupStatements, waitForGtid, type Conn } from "./sql";
import { ensureTemplate, runsAsRoot } from "./template";

export interface ExtraServer {
  id: string;
  serverId: number;
  cluster: "auth" | "analytics";
  /** the servers it replicates from: one (default connection) or several (named connections) */
  sources: string[];
  /** writable (a writer); every other server starts read-only */
  writable: boolean;
}

export const EXTRA_SERVERS: readonly ExtraServer[] = [
  { id: "db5", serverId: 5, cluster: "auth", sources: [], writable: true },
  { id: "db6", serverId: 6, cluster: "auth", sources: ["db5"], writable: false },
  { id: "db7", serverId: 7, cluster: "auth", sources: ["db6"], writable: false },
  { id: "db8", serverId: 8, cluster: "analytics", sources: [], writable: true },
  { id: "db9", serverId: 9, cluster: "analytics", sources: [], writable: true },
  { id: "db10", serverId: 10, cluster: "analytics", sources: ["db8", "db9"], writable: false },
];

/** Per-cluster settings the multi-cluster lab writes to its config. */
export const LAB_CLUSTER_SETTINGS: NonNullable<LabConfig["clusters"]> = [
  { id: "shop", name: "Shop" },
  { id: "auth", name: "Auth" },
  { id: "analytics", name: "Analytics", lagCutoffSeconds: 60 },
];

/** The extras' ports sit above the story's helpers: db5 = base+25 … db10 = base+30. */
export const extraPort = (portBase: number, serverId: number) => portBase + 20 + serverId;

export interface ExtraClusters {
  dir: string;
  secrets: LabSecrets;
  servers: (ServerPaths & { pid: number; cluster: string })[];
  /** the servers' entries for hotseat.config.json, with their cluster labels */
  configServers: LabConfig["servers"];
}

/** A server launched, with the arguments to launch it again. */
type Launched = ExtraClusters["servers"][number] & { args: string[] };

export function extraServerPaths(dir: string, portBase: number): ServerPaths[] {
  return EXTRA_SERVERS.map((s) => {
    const home = path.join(dir, s.id);
    return {
      id: s.id,
      serverId: s.serverId,
      port: extraPort(portBase, s.serverId),
      home,
      dataDir: path.join(home, "data"),
      socket: path.join(home, "mysqld.sock"),
      pidFile: path.join(home, "mysqld.pid"),
      errorLog: path.join(home, "error.log"),
      stdoutLog: path.join(home, "stdout.log"),
    };
  });
}

/**
 * Start the extra clusters in `dir` (deleted first) on ports from `portBase`, wired and replicating;
 * `templateRoot` is the lab's cache of bootstrapped data directories.
 */
export async function extraClustersUp(opts: { dir: string; portBase: number; templateRoot: string; log?: (l: string) => void }): Promise<ExtraClusters> {
  const t0 = Date.now();
  const log = opts.log ?? (() => undefined);
  await labDown({ dir: opts.dir, portBase: opts.portBase }).catch(() => undefined);
  fs.mkdirSync(opts.dir, { recursive: true });
  const bins = labBinaries();
  const template = await ensureTemplate(opts.templateRoot, bins);
  const paths = extraServerPaths(opts.dir, opts.portBase);
  const busy = await busyPorts(paths.map((sp) => sp.port));
  if (busy.length) throw new Error(`extra cluster ports already in use: ${busy.join(", ")} (set HOTSEAT_LAB_PORT_BASE)`);
  const started: Launched[] = [];
  try {
    for (const [i, sp] of paths.entries()) {
      const shape = EXTRA_SERVERS[i];
      fs.mkdirSync(sp.home, { recursive: true });
      fs.cpSync(template, sp.dataDir, { recursive: true });
      const args = [
        ...serverArgs(sp, { readOnly: !shape.writable, runAsRoot: runsAsRoot() }),
        // Two writers feeding one replica need their own GTID domains, or their sequences collide.
        `--gtid-domain-id=${shape.cluster === "analytics" ? shape.serverId : 0}`,
        "--innodb-buffer-pool-size=8M",
      ];
      started.push({ ...sp, pid: launchServer(sp, { command: bins.server, args }), cluster: shape.cluster, args });
    }
    await Promise.all(started.map((s) => startedServer(s, bins.server)));
    log(`extra clusters accepting connections after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const secrets = generateSecrets();
    await wireExtraClusters(started, secrets);
    log(`extra clusters replicating after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    fs.writeFileSync(path.join(opts.dir, "secrets.json"), JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
    return {
      dir: opts.dir,
      secrets,
      servers: started.map(({ args: _args, ...s }) => s),
      configServers: started.map((s) => ({
        id: s.id,
        name: `${s.id} (${s.cluster})`,
        host: "127.0.0.1",
        port: s.port,
        user: "hotseat",
        password: secrets.hotseatPassword,
        promotion: "neutral" as const,
        cluster: s.cluster,
      })),
    };
  } catch (err) {
    await labDown({ dir: opts.dir, portBase: opts.portBase }).catch(() => undefined);
    throw err;
  }
}

/**
 * Wait for one server; relaunch it while its port is held by a closed client connection of
 * someone else's (TIME_WAIT on a port of the ephemeral range: bind fails for up to a minute).
 */
async function startedServer(s: Launched, command: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await waitForServer(s, s.pid, [""]);
      return;
    } catch (err) {
      const portTaken = /Address already in use/.test((err as Error).message);
      if (!portTaken || attempt >= 40) throw err;
      await sleep(2000);
      s.pid = launchServer(s, { command, args: s.args });
    }
  }
}

/** Stop the extra clusters started in `dir` and delete it. */
export async function extraClustersDown(dir: string): Promise<void> {
  await labDown({ dir });
}

/**
 * Users and schema on each cluster's first writer (replicated to its replicas); db9's own copy
 * without the binary log, so db10 receives them once, from db8. Then the channels.
 */
async function wireExtraClusters(servers: ExtraClusters["servers"], secrets: LabSecrets): Promise<void> {
  const conns = new Map<string, Conn>();
  await Promise.all(servers.map(async (s) => conns.set(s.id, await rootConnection(s, ""))));
  const conn = (id: string) => conns.get(id)!;
  const port = (id: string) => servers.find((s) => s.id === id)!.port;
  try {
    for (const id of ["db5", "db8", "db9"]) {
      const c = conn(id);
      if (id === "db9") await q(c, "SET SESSION sql_log_bin = 0");
      for (const [sql, values] of setupStatements(secrets)) await q(c, sql, values);
      await q(c, "ALTER USER 'root'@'localhost' IDENTIFIED BY ?", [secrets.rootPassword]);
      if (id === "db9") await q(c, "SET SESSION sql_log_bin = 1");
    }
    for (const shape of EXTRA_SERVERS) {
      for (const source of shape.sources) {
        const name = shape.sources.length > 1 ? source : "";
        await q(conn(shape.id), changeMasterSql(port(source), name), [secrets.replPassword]);
      }
      if (shape.sources.length) await q(conn(shape.id), shape.sources.length > 1 ? "START ALL SLAVES" : "START SLAVE");
    }
    const pos = async (id: string) => (await q<{ pos: string }[]>(conn(id), "SELECT @@GLOBAL.gtid_binlog_pos AS pos"))[0].pos;
    const auth = await pos("db5");
    if (!(await waitForGtid(conn("db7"), auth, 15))) throw new Error(`db7 did not reach db5's position ${auth} through db6`);
    const analytics = await pos("db8");
    if (!(await waitForGtid(conn("db10"), analytics, 15))) throw new Error(`db10 did not reach db8's position ${analytics}`);
    await waitForChannels(servers.filter((s) => EXTRA_SERVERS.find((x) => x.id === s.id)!.sources.length), conn);
  } finally {
    await Promise.all([...conns.values()].map((c) => c.end().catch(() => undefined)));
  }
}

/** Every channel of every replica with both threads running, or a clear error naming the broken one. */
async function waitForChannels(replicas: readonly { id: string }[], conn: (id: string) => Conn): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const broken: string[] = [];
    for (const r of replicas) {
      const rows = await q<Record<string, unknown>[]>(conn(r.id), "SHOW ALL SLAVES STATUS");
      for (const row of rows) {
        if (row.Slave_IO_Running !== "Yes" || row.Slave_SQL_Running !== "Yes")
          broken.push(`${r.id}${row.Connection_name ? `/${String(row.Connection_name)}` : ""}: io=${String(row.Slave_IO_Running)} sql=${String(row.Slave_SQL_Running)} ${String(row.Last_IO_Error || row.Last_SQL_Error || "")}`);
      }
    }
    if (!broken.length) return;
    if (Date.now() > deadline) throw new Error(`replication did not start: ${broken.join("; ")}`);
    await sleep(100);
  }
}

/** The story's config with the shop labelled and the extra clusters added, with their settings. */
export function withExtraClusters(config: LabConfig, extras: ExtraClusters): LabConfig {
  return {
    ...config,
    servers: [...config.servers.map((s) => ({ ...s, cluster: "shop" })), ...extras.configServers],
    clusters: LAB_CLUSTER_SETTINGS,
    // The public status page is the shop's: auth and analytics have their own on-call.
    status: { ...config.status, clusters: ["shop"] },
  };
}
