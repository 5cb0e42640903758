/** What the app-tier tests need: the lab's real php-fpm and nginx, and the console's app-server poller. */
import fs from "node:fs";
import path from "node:path";
import { getAppServers, stopAppServers } from "@/lib/appservers";
import { getCollector } from "@/lib/collector";
import { useLabConfig } from "./auth-helpers";
import { labDir, waitFor } from "./lab";

/** The lab's recorded helper process of one kind (php-fpm or nginx master). */
export function labHelperPid(kind: "php-fpm" | "nginx"): number {
  const state = JSON.parse(fs.readFileSync(path.join(labDir, "state.json"), "utf8")) as { helpers: { kind: string; pid: number }[] };
  const h = state.helpers.find((x) => x.kind === kind);
  if (!h) throw new Error(`the lab runs no ${kind}: start it with \`npx tsx scripts/lab.ts up --with-site\``);
  return h.pid;
}

/** The pids of a process' children (php-fpm's workers under its master). */
export function childPids(pid: number): number[] {
  return fs
    .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .sort((a, b) => a - b);
}

export const phpFpmLog = () => path.join(labDir, "app1", "php-fpm.log");

/** The console's pollers against the test lab, once every database and app1 have been read. */
export async function startPollers() {
  // eslint-disable-next-line react-hooks/rules-of-hooks -- not a React hook: it points the config at the test lab
  useLabConfig();
  const collector = getCollector();
  const fleet = getAppServers();
  await waitFor(() => collector.topology().servers.every((s) => s.reachable), 15_000, "every database reachable");
  await waitFor(() => fleet.snapshot().appServers.every((a) => a.reachable), 10_000, "app1 reachable");
  return { collector, fleet };
}

export function stopPollers(): void {
  stopAppServers();
  getCollector().stop();
}
