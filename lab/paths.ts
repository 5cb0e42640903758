import fs from "node:fs";
import path from "node:path";

/** Where a lab lives and which ports it uses. Every field defaults from the environment. */
export interface LabOptions {
  /** Lab directory; env HOTSEAT_LAB_DIR, default `<repo>/var/lab`. */
  dir?: string;
  /**
   * Port base; env HOTSEAT_LAB_PORT_BASE, default 23060 (db1 = base+1 … db4 = base+4, site = base+10,
   * php-fpm = base+11, its status listener = base+12, the app server's status port = base+13).
   */
  portBase?: number;
  /** Lag cutoff written to the lab's config; env HOTSEAT_LAB_CUTOFF, default 10. */
  cutoffSeconds?: number;
}

export const LAB_SERVER_IDS = ["db1", "db2", "db3", "db4"] as const;
export type LabServerId = (typeof LAB_SERVER_IDS)[number];

export interface LabServerPaths {
  id: LabServerId;
  /** MySQL server_id: 1 for db1 … 4 for db4. */
  serverId: number;
  port: number;
  /** Per-server directory holding data, socket, pid file and logs. */
  home: string;
  dataDir: string;
  socket: string;
  pidFile: string;
  errorLog: string;
  /** Where the process' own stdout/stderr go (early start-up messages). */
  stdoutLog: string;
}

/** The paths of any lab server, the story's four or the extra clusters' (lab/clusters.ts). */
export type ServerPaths = Omit<LabServerPaths, "id"> & { id: string };

export interface LabPaths {
  repoRoot: string;
  dir: string;
  portBase: number;
  cutoffSeconds: number;
  /** Shared cache of bootstrapped data directories, keyed by server version below it. */
  templateRoot: string;
  stateFile: string;
  lockFile: string;
  configPath: string;
  secretsPath: string;
  /** Client option file for root (password + user), mode 0600. */
  rootCnf: string;
  maintenanceFlag: string;
  consoleDataDir: string;
  siteLog: string;
  batchLog: string;
  sitePort: number;
  siteUrl: string;
  /** The writer file Hot Seat rewrites at every publish (failover.writerFile); the shop reads it. */
  writerFile: string;
  app: LabAppServerPaths;
  servers: Record<LabServerId, LabServerPaths>;
}

/** The lab's one app server, app1: php-fpm behind nginx, the story's app tier. */
export interface LabAppServerPaths {
  id: "app1";
  /** Config files, pid files and logs of both processes. */
  home: string;
  phpFpmConf: string;
  phpFpmPid: string;
  phpFpmLog: string;
  phpFpmSlowLog: string;
  /** The pool's FastCGI port (TCP: php-fpm reports a listen queue only there). */
  phpFpmPort: number;
  /** php-fpm's own status listener (pm.status_listen): answers while every worker is busy. */
  phpFpmStatusPort: number;
  nginxConf: string;
  nginxPid: string;
  nginxLog: string;
  /** Loopback-only port with stub_status and the php-fpm status page. */
  statusPort: number;
  phpFpmStatusUrl: string;
  nginxStatusUrl: string;
  /** The shop's PHP code (in the repository). */
  docRoot: string;
}

// Both port bases sit below Linux's ephemeral range (32768–60999): an outgoing connection can be
// given any port in that range, and one holding a lab port makes its server fail to bind.
export const DEFAULT_PORT_BASE = 23060;
/** The test lab's port base, apart from the demo's so that both can run at once. */
export const TEST_LAB_PORT_BASE = 24060;
export const DEFAULT_CUTOFF_SECONDS = 10;
/** Unix socket paths are limited to 108 bytes (sun_path) on Linux. */
const MAX_SOCKET_PATH = 107;

/** The repository root: the nearest directory upward from cwd with the hotseat package.json. */
export function findRepoRoot(start = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg)) {
      try {
        if (JSON.parse(fs.readFileSync(pkg, "utf8")).name === "hotseat") return dir;
      } catch {
        // unreadable package.json: keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${raw}"`);
  return n;
}

/** The lab `npm test` runs its suites against: var/test-lab on the test port base, either moved by the lab's env. */
export function testLab(): Required<Pick<LabOptions, "dir" | "portBase">> {
  return {
    dir: path.resolve(process.env.HOTSEAT_LAB_DIR ?? path.join(findRepoRoot(), "var", "test-lab")),
    portBase: envNumber("HOTSEAT_LAB_PORT_BASE") ?? TEST_LAB_PORT_BASE,
  };
}

/** Resolve every path and port of a lab from options, then env, then defaults. */
export function labPaths(opts: LabOptions = {}): LabPaths {
  const repoRoot = findRepoRoot();
  const dir = path.resolve(opts.dir ?? process.env.HOTSEAT_LAB_DIR ?? path.join(repoRoot, "var", "lab"));
  const portBase = opts.portBase ?? envNumber("HOTSEAT_LAB_PORT_BASE") ?? DEFAULT_PORT_BASE;
  const cutoffSeconds = opts.cutoffSeconds ?? envNumber("HOTSEAT_LAB_CUTOFF") ?? DEFAULT_CUTOFF_SECONDS;
  if (!Number.isInteger(portBase) || portBase < 1024 || portBase > 65500) {
    throw new Error(`lab port base must be an integer in 1024..65500, got ${portBase}`);
  }
  const servers = {} as Record<LabServerId, LabServerPaths>;
  LAB_SERVER_IDS.forEach((id, i) => {
    const home = path.join(dir, id);
    const socket = path.join(home, "mysqld.sock");
    if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
      throw new Error(`lab directory too deep: socket path ${socket} exceeds ${MAX_SOCKET_PATH} bytes`);
    }
    servers[id] = {
      id,
      serverId: i + 1,
      port: portBase + i + 1,
      home,
      dataDir: path.join(home, "data"),
      socket,
      pidFile: path.join(home, "mysqld.pid"),
      errorLog: path.join(home, "error.log"),
      stdoutLog: path.join(home, "stdout.log"),
    };
  });
  const sitePort = portBase + 10;
  const appHome = path.join(dir, "app1");
  const statusPort = portBase + 13;
  return {
    repoRoot,
    dir,
    portBase,
    cutoffSeconds,
    templateRoot: path.join(repoRoot, "var", "lab-template"),
    stateFile: path.join(dir, "state.json"),
    lockFile: path.join(dir, "lab.lock"),
    configPath: path.join(dir, "hotseat.config.json"),
    secretsPath: path.join(dir, "lab-secrets.json"),
    rootCnf: path.join(dir, "root.cnf"),
    maintenanceFlag: path.join(dir, "maintenance.flag"),
    consoleDataDir: path.join(dir, "console-data"),
    siteLog: path.join(dir, "site.log"),
    batchLog: path.join(dir, "batch-lag.log"),
    sitePort,
    siteUrl: `http://127.0.0.1:${sitePort}/`,
    writerFile: path.join(dir, "writer.json"),
    app: {
      id: "app1",
      home: appHome,
      phpFpmConf: path.join(appHome, "php-fpm.conf"),
      phpFpmPid: path.join(appHome, "php-fpm.pid"),
      phpFpmLog: path.join(appHome, "php-fpm.log"),
      phpFpmSlowLog: path.join(appHome, "php-fpm-slow.log"),
      phpFpmPort: portBase + 11,
      phpFpmStatusPort: portBase + 12,
      nginxConf: path.join(appHome, "nginx.conf"),
      nginxPid: path.join(appHome, "nginx.pid"),
      nginxLog: path.join(appHome, "nginx-error.log"),
      statusPort,
      phpFpmStatusUrl: `http://127.0.0.1:${statusPort}/fpm-status?json`,
      nginxStatusUrl: `http://127.0.0.1:${statusPort}/nginx-status`,
      docRoot: path.join(repoRoot, "lab", "php"),
    },
    servers,
  };
}

export function isLabServerId(id: string): id is LabServerId {
  return (LAB_SERVER_IDS as readonly string[]).includes(id);
}
