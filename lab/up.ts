import fs from "node:fs";
import path from "node:path";
import { labBinaries } from "./binaries";
import { extraClustersUp, withExtraClusters } from "./clusters";
import { buildLabConfig, writeLabConfig } from "./config";
import { labDown } from "./down";
import { labPaths, LAB_SERVER_IDS, type LabOptions, type LabPaths, type LabServerId } from "./paths";
import { busyPorts } from "./ports";
import { isAlive, sleep } from "./processes";
import { generateSecrets, readSecrets, writeSecrets, type LabSecrets } from "./secrets";
import { serverArgs, startsReadOnly } from "./server-args";
import { launchServer, waitForServer } from "./servers";
import { launchSite } from "./site-process";
import { changeMasterSql, q, replicaStatus, rootConnection, setupStatements, waitForGtid, type Conn } from "./sql";
import { acquireLock, readState, writeState, type LabState } from "./state";
import { ensureTemplate, runsAsRoot } from "./template";

export interface LabInfo {
  dir: string;
  configPath: string;
  secretsPath: string;
  secrets: LabSecrets;
  servers: { id: LabServerId; port: number; pid: number | null; socket: string }[];
  siteUrl: string;
  /** Pid of the demo shop's nginx when it was started (`withSite`). */
  sitePid: number | null;
  /** The extra clusters' servers (`clusters: 3`): auth db5..db7, analytics db8..db10. */
  extraServers: { id: string; port: number; pid: number; cluster: string }[];
  /** True when the lab was already running and nothing was started. */
  alreadyUp: boolean;
  /** Wall-clock seconds `up` took. */
  seconds: number;
}

export interface LabUpOptions extends LabOptions {
  /** Also start the demo shop (php-fpm behind nginx) with its workload generator. */
  withSite?: boolean;
  /**
   * 3: also the extra clusters beside the shop (lab/clusters.ts), labelled in the config; 1 (the
   * default): the story's shop alone.
   */
  clusters?: 1 | 3;
  /** Progress lines (the CLI passes console.log). */
  log?: (line: string) => void;
}

function info(paths: LabPaths, state: LabState, secrets: LabSecrets, alreadyUp: boolean, t0: number, extraServers: LabInfo["extraServers"] = []): LabInfo {
  return {
    dir: paths.dir,
    configPath: paths.configPath,
    secretsPath: paths.secretsPath,
    secrets,
    servers: LAB_SERVER_IDS.map((id) => ({
      id,
      port: state.servers[id].port,
      pid: state.servers[id].pid,
      socket: paths.servers[id].socket,
    })),
    siteUrl: paths.siteUrl,
    sitePid: state.helpers.find((h) => h.kind === "nginx" && isAlive(h.pid, h.marker))?.pid ?? null,
    extraServers,
    alreadyUp,
    seconds: (Date.now() - t0) / 1000,
  };
}

/**
 * Start the lab: four MariaDB servers from a cached template, db1 <-> db2 master-master and
 * db3, db4 replicas of db1, users, schema and a fresh hotseat.config.json. Idempotent: when
 * the lab already runs it changes nothing and says so (`alreadyUp`).
 */
export async function labUp(opts: LabUpOptions = {}): Promise<LabInfo> {
  const t0 = Date.now();
  const log = opts.log ?? (() => undefined);
  const paths = labPaths(opts);

  const existing = readState(paths);
  if (existing && LAB_SERVER_IDS.some((id) => isAlive(existing.servers[id]?.pid, existing.servers[id]?.marker))) {
    if (opts.withSite) await launchSite(paths, { workload: true }); // starts only what is not running
    return info(paths, readState(paths) ?? existing, readSecrets(paths), true, t0);
  }
  if (fs.existsSync(paths.dir)) await labDown(opts); // leftovers of a lab that is no longer running

  const bins = labBinaries();
  const busy = await busyPorts([...LAB_SERVER_IDS.map((id) => paths.servers[id].port), paths.sitePort, paths.app.phpFpmPort, paths.app.phpFpmStatusPort, paths.app.statusPort]);
  if (busy.length) throw new Error(`lab ports already in use: ${busy.join(", ")} (set HOTSEAT_LAB_PORT_BASE)`);

  fs.mkdirSync(paths.dir, { recursive: true });
  const release = acquireLock(paths);
  try {
    const template = await ensureTemplate(paths.templateRoot, bins);
    log(`template: ${template}`);

    const state: LabState = {
      version: 1,
      createdAt: new Date().toISOString(),
      dir: paths.dir,
      portBase: paths.portBase,
      serverVersion: bins.version,
      servers: {} as LabState["servers"],
      helpers: [],
    };
    for (const id of LAB_SERVER_IDS) {
      const sp = paths.servers[id];
      fs.rmSync(sp.home, { recursive: true, force: true });
      fs.mkdirSync(sp.home, { recursive: true });
      fs.cpSync(template, sp.dataDir, { recursive: true });
      state.servers[id] = {
        id,
        port: sp.port,
        pid: null,
        command: bins.server,
        args: serverArgs(sp, { readOnly: startsReadOnly(id), runAsRoot: runsAsRoot() }),
        marker: sp.dataDir,
      };
    }
    const secrets = generateSecrets();
    writeSecrets(paths, secrets);
    const configPromise = buildLabConfig(paths, secrets); // bcrypt runs while the servers boot

    for (const id of LAB_SERVER_IDS) state.servers[id].pid = launchServer(paths.servers[id], state.servers[id]);
    writeState(paths, state); // from here on, `down` can clean up whatever happens next
    await Promise.all(LAB_SERVER_IDS.map((id) => waitForServer(paths.servers[id], state.servers[id].pid!, [""])));
    log(`servers accepting connections after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    await wireReplication(paths, secrets);
    log(`replication running after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    let config = await configPromise;
    let extraServers: LabInfo["extraServers"] = [];
    if (opts.clusters === 3) {
      const extras = await extraClustersUp({ dir: path.join(paths.dir, "clusters"), portBase: paths.portBase, templateRoot: paths.templateRoot, log });
      config = withExtraClusters(config, extras);
      extraServers = extras.servers.map((s) => ({ id: s.id, port: s.port, pid: s.pid, cluster: s.cluster }));
    }
    writeLabConfig(paths, config);
    fs.mkdirSync(paths.consoleDataDir, { recursive: true });
    release();
    if (opts.withSite) await launchSite(paths, { workload: true });
    return info(paths, readState(paths) ?? state, secrets, false, t0, extraServers);
  } catch (err) {
    release();
    await labDown(opts).catch(() => undefined);
    throw err;
  } finally {
    release();
  }
}

/** Users and schema on db1, then db2/db3/db4 replicate from db1 and db1 from db2. */
async function wireReplication(paths: LabPaths, secrets: LabSecrets): Promise<void> {
  // Connect everywhere before root gets a password: that change replicates to every server.
  const conns = {} as Record<LabServerId, Conn>;
  await Promise.all(LAB_SERVER_IDS.map(async (id) => (conns[id] = await rootConnection(paths.servers[id], ""))));
  try {
    const db1 = conns.db1;
    for (const [sql, values] of setupStatements(secrets)) await q(db1, sql, values);
    await q(db1, "ALTER USER 'root'@'localhost' IDENTIFIED BY ?", [secrets.rootPassword]);

    for (const id of ["db2", "db3", "db4"] as const) {
      await q(conns[id], changeMasterSql(paths.servers.db1.port), [secrets.replPassword]);
      await q(conns[id], "START SLAVE");
    }
    const [{ pos }] = await q<{ pos: string }[]>(db1, "SELECT @@GLOBAL.gtid_binlog_pos AS pos");
    if (!(await waitForGtid(conns.db2, pos, 15))) throw new Error(`db2 did not reach db1's position ${pos}`);

    // db1 starts from what it wrote itself; db2's copy of those events must not come back.
    await q(db1, "SET GLOBAL gtid_slave_pos = ?", [pos]);
    await q(db1, changeMasterSql(paths.servers.db2.port), [secrets.replPassword]);
    await q(db1, "START SLAVE");

    for (const id of ["db3", "db4"] as const) {
      if (!(await waitForGtid(conns[id], pos, 15))) throw new Error(`${id} did not reach db1's position ${pos}`);
    }
    await waitForThreads(conns);
  } finally {
    await Promise.all(Object.values(conns).map((c) => c.end().catch(() => undefined)));
  }
}

/** Both replication threads running on every server, or a clear error naming the broken one. */
async function waitForThreads(conns: Record<LabServerId, Conn>): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const statuses = await Promise.all(LAB_SERVER_IDS.map(async (id) => [id, await replicaStatus(conns[id])] as const));
    const broken = statuses.filter(([, s]) => !s || s.ioRunning !== "Yes" || s.sqlRunning !== "Yes");
    if (!broken.length) return;
    if (Date.now() > deadline) {
      const detail = broken.map(([id, s]) => `${id}: io=${s?.ioRunning} sql=${s?.sqlRunning} ${s?.lastError ?? ""}`);
      throw new Error(`replication did not start: ${detail.join("; ")}`);
    }
    await sleep(100);
  }
}
