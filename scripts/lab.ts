// npm run lab -- up [--with-site] | down | status | site | scenario <name> [server] [--seconds N]
// Lab location: HOTSEAT_LAB_DIR (default var/lab), ports: HOTSEAT_LAB_PORT_BASE (default 23060).
import {
  formatStatus,
  labDown,
  labStatus,
  labUp,
  scenario,
  SCENARIOS,
  startSite,
  LAB_USERS,
  type LabOptions,
} from "@/lab";

const USAGE = `usage: npm run lab -- <command>
  up [--with-site] [--clusters 3]
                            start the lab (idempotent); --with-site also starts the demo shop + workload;
                            --clusters 3 also starts auth (db5 -> db6 -> db7, a chain) and analytics
                            (db8, db9 -> db10, a two-source replica) beside the shop
  down                      stop everything the lab started and delete its directory
  status                    servers (running/frozen/stopped), replication, helpers
  site                      start the demo shop (php-fpm behind nginx) with its workload
  scenario <name> [server]  ${SCENARIOS.join(" | ")}
                            batch-lag [--seconds N] [--foreground] [server]; rogue-query [server, default db1]
                            app-pileup [--seconds N] [--foreground]: replicas past the cutoff, the writer's
                            products table locked, a crowd through nginx: php-fpm's pool exhausted
                            start <server> [--read-only | --writable]
options: --lab-dir=DIR, --port-base=N (or HOTSEAT_LAB_DIR, HOTSEAT_LAB_PORT_BASE, HOTSEAT_LAB_CUTOFF)`;

function options(argv: string[]): { opts: LabOptions; rest: string[] } {
  const opts: LabOptions = {};
  const rest: string[] = [];
  for (const a of argv) {
    if (a.startsWith("--lab-dir=")) opts.dir = a.slice("--lab-dir=".length);
    else if (a.startsWith("--port-base=")) opts.portBase = Number(a.slice("--port-base=".length));
    else rest.push(a);
  }
  return { opts, rest };
}

async function main(): Promise<number> {
  const { opts, rest } = options(process.argv.slice(2));
  const [command, ...args] = rest;
  switch (command) {
    case "up": {
      const clustersArg = args.find((a) => a.startsWith("--clusters"));
      const clusters = clustersArg === undefined ? 1 : Number(clustersArg.includes("=") ? clustersArg.split("=")[1] : args[args.indexOf(clustersArg) + 1]);
      if (clusters !== 1 && clusters !== 3) {
        console.error(`--clusters takes 1 or 3, got ${clustersArg}`);
        return 2;
      }
      const lab = await labUp({ ...opts, withSite: args.includes("--with-site"), clusters, log: (l) => console.log(l) });
      if (lab.alreadyUp) {
        console.log(`lab already up at ${lab.dir}`);
        console.log(formatStatus(await labStatus(opts)));
        return 0;
      }
      console.log(`lab up in ${lab.seconds.toFixed(1)} s at ${lab.dir}`);
      for (const s of lab.servers) console.log(`  ${s.id}  127.0.0.1:${s.port}  pid ${s.pid}`);
      for (const s of lab.extraServers) console.log(`  ${s.id}  127.0.0.1:${s.port}  pid ${s.pid}  (${s.cluster})`);
      console.log(`config:  ${lab.configPath}   (HOTSEAT_CONFIG=${lab.configPath})`);
      console.log(`secrets: ${lab.secretsPath}`);
      console.log(`console users: ${LAB_USERS.map((u) => `${u.username}/${lab.secrets.users[u.username]} (${u.role})`).join(", ")}`);
      console.log(lab.sitePid ? `demo site: ${lab.siteUrl} (pid ${lab.sitePid})` : `demo site: not started (npm run lab -- site)`);
      return 0;
    }
    case "down": {
      const r = await labDown(opts);
      console.log(r.stopped.length ? `lab down: stopped ${r.stopped.length} process(es), removed ${r.dir}` : `lab at ${r.dir} was not running`);
      return 0;
    }
    case "status": {
      const st = await labStatus(opts);
      console.log(formatStatus(st));
      return 0;
    }
    case "site": {
      const pid = await startSite({ ...opts, workload: !args.includes("--no-workload") });
      console.log(`demo site running (pid ${pid})`);
      return 0;
    }
    case "scenario": {
      const [name, ...scenarioArgs] = args;
      if (!name) {
        console.error(USAGE);
        return 2;
      }
      const log = (l: string) => console.log(`${new Date().toISOString()} ${l}`);
      console.log(await scenario(name, scenarioArgs, { ...opts, log }));
      return 0;
    }
    default:
      console.error(USAGE);
      return command === undefined || command === "help" || command === "--help" ? 0 : 2;
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`lab: ${(err as Error).message}`);
    process.exit(1);
  },
);
