import fs from "node:fs";
import path from "node:path";
import { recordHelper } from "./helpers";
import type { LabPaths } from "./paths";
import { isAlive, sleep, spawnDetached } from "./processes";
import { runsAsRoot } from "./template";

/** Workers of the shop's pool: few, so that a backed-up database exhausts them quickly (the story). */
export const LAB_PHP_FPM_WORKERS = 4;

const PHP_FPM_BINARIES = ["/usr/sbin/php-fpm8.2", "/usr/sbin/php-fpm"];
const NGINX_BINARIES = ["/usr/sbin/nginx", "/usr/bin/nginx"];

function binary(candidates: string[], pkg: string): string {
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`${candidates[0]} not found: install Debian's ${pkg} (.ci/run --deps-only does)`);
  return found;
}

/** The pool: TCP (php-fpm counts a listen queue only there), static, status and slow log on. */
export function phpFpmConf(paths: LabPaths, dashboardUrl: string): string {
  const a = paths.app;
  const env = {
    SHOP_CONFIG: paths.configPath,
    SHOP_SECRETS: paths.secretsPath,
    SHOP_WRITER_FILE: paths.writerFile,
    SHOP_MAINTENANCE_FLAG: paths.maintenanceFlag,
    SHOP_ROUTING_CACHE: path.join(a.home, "routing.json"),
    SHOP_DASHBOARD_URL: dashboardUrl,
  };
  return `[global]
pid = ${a.phpFpmPid}
error_log = ${a.phpFpmLog}
daemonize = no

[shop]
${runsAsRoot() ? "user = root\ngroup = root\n" : ""}listen = 127.0.0.1:${a.phpFpmPort}
listen.backlog = 256
pm = static
pm.max_children = ${LAB_PHP_FPM_WORKERS}
pm.status_path = /fpm-status
pm.status_listen = 127.0.0.1:${a.phpFpmStatusPort}
request_slowlog_timeout = 2s
slowlog = ${a.phpFpmSlowLog}
request_terminate_timeout = 30s
catch_workers_output = yes
clear_env = yes
${Object.entries(env)
  .map(([k, v]) => `env[${k}] = ${v}`)
  .join("\n")}
`;
}

/** nginx in front of the pool, with the README's maintenance snippet, and a loopback status port. */
export function nginxConf(paths: LabPaths): string {
  const a = paths.app;
  const snippet = path.join(paths.repoRoot, "docs", "nginx-maintenance.conf");
  return `${runsAsRoot() ? "user root root;\n" : ""}worker_processes 1;
error_log ${a.nginxLog} warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${a.home}/body; proxy_temp_path ${a.home}/proxy;
  fastcgi_temp_path ${a.home}/fastcgi; uwsgi_temp_path ${a.home}/uwsgi; scgi_temp_path ${a.home}/scgi;
  server {
    listen 127.0.0.1:${paths.sitePort};
    set $hotseat_flag ${paths.maintenanceFlag};
    include ${snippet};
    location / {
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME ${a.docRoot}/index.php;
      fastcgi_read_timeout 60s;
      fastcgi_pass 127.0.0.1:${a.phpFpmPort};
    }
  }
  server {
    listen 127.0.0.1:${a.statusPort};
    allow 127.0.0.1;
    deny all;
    location = /nginx-status { stub_status; }
    location = /fpm-status {
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_NAME /fpm-status;
      fastcgi_param SCRIPT_FILENAME /fpm-status;
      fastcgi_pass 127.0.0.1:${a.phpFpmStatusPort};
    }
  }
}
`;
}

/** What the lab's config lists under appServers: status URLs and the restart (a graceful reload). */
export function labAppServerConfig(paths: LabPaths) {
  const a = paths.app;
  return {
    id: a.id,
    name: "app1 (php-fpm + nginx)",
    phpFpmStatusUrl: a.phpFpmStatusUrl,
    nginxStatusUrl: a.nginxStatusUrl,
    restart: {
      "php-fpm": `kill -USR2 "$(cat '${a.phpFpmPid}')"`,
      nginx: `kill -HUP "$(cat '${a.nginxPid}')"`,
    },
  };
}

async function waitForUrl(url: string, pid: number, marker: string, log: string, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (!isAlive(pid, marker)) throw new Error(`${what} exited during start-up; see ${log}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${what} did not answer ${url} within 15 s; see ${log}`);
}

/**
 * Start the app tier as the lab's own processes (own config, pid files and ports, never the
 * system services): php-fpm, then nginx in front of it. Both are recorded as helpers so `down`
 * stops them with their process groups.
 */
export async function startAppTier(paths: LabPaths, dashboardUrl: string): Promise<void> {
  const a = paths.app;
  const phpFpm = binary(PHP_FPM_BINARIES, "php8.2-fpm and php8.2-mysql");
  const nginx = binary(NGINX_BINARIES, "nginx");
  fs.mkdirSync(a.home, { recursive: true });
  // Workers of a root master run as the configured user and must reach the files below.
  fs.chmodSync(a.home, 0o755);
  fs.writeFileSync(a.phpFpmConf, phpFpmConf(paths, dashboardUrl));
  fs.writeFileSync(a.nginxConf, nginxConf(paths));

  const fpmPid = spawnDetached(phpFpm, ["--nodaemonize", "--fpm-config", a.phpFpmConf, ...(runsAsRoot() ? ["--allow-to-run-as-root"] : [])], {
    logFile: path.join(a.home, "php-fpm.stdout.log"),
    cwd: a.home,
  });
  recordHelper(paths, { kind: "php-fpm", pid: fpmPid, marker: a.phpFpmConf, startedAt: new Date().toISOString() });
  const nginxPid = spawnDetached(nginx, ["-p", a.home, "-c", a.nginxConf, "-g", `daemon off; pid ${a.nginxPid};`], {
    logFile: path.join(a.home, "nginx.stdout.log"),
    cwd: a.home,
  });
  recordHelper(paths, { kind: "nginx", pid: nginxPid, marker: a.nginxConf, startedAt: new Date().toISOString() });
  await waitForUrl(a.nginxStatusUrl, nginxPid, a.nginxConf, a.nginxLog, "nginx");
  await waitForUrl(a.phpFpmStatusUrl, fpmPid, a.phpFpmConf, a.phpFpmLog, "php-fpm");
}
