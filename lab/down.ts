import fs from "node:fs";
import { stopHelper } from "./helpers";
import { labPaths, LAB_SERVER_IDS, type LabOptions, type LabPaths } from "./paths";
import { signal, stopProcess } from "./processes";
import { acquireLock, readState } from "./state";

export interface LabDownResult {
  dir: string;
  /** Pids the lab stopped (servers, helpers, strays found by command line). */
  stopped: number[];
}

/**
 * Processes whose command line names this lab directory: a server's datadir or socket, or a
 * helper's --lab-dir marker. Catches what a crashed `up` never wrote into state.json.
 */
function strayLabProcesses(paths: LabPaths): number[] {
  if (process.platform !== "linux") return [];
  const markers = [`--datadir=${paths.dir}/`, `--socket=${paths.dir}/`, `--lab-dir=${paths.dir}`];
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid || pid === process.ppid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (cmdline.some((arg) => markers.some((m) => arg === m.replace(/\/$/, "") || arg.startsWith(m)))) {
        found.push(pid);
      }
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return found;
}

/** Stop every process of the lab (waking frozen ones first) and delete its directory. */
export async function labDown(opts: LabOptions = {}, { keepData = false } = {}): Promise<LabDownResult> {
  const paths = labPaths(opts);
  if (!fs.existsSync(paths.dir)) return { dir: paths.dir, stopped: [] };
  const release = acquireLock(paths);
  const stopped: number[] = [];
  try {
    const state = readState(paths);
    if (state) {
      // Helpers first: the site and workload would only log errors while the servers go.
      await Promise.all(state.helpers.map((h) => stopHelper(h).then(() => stopped.push(h.pid))));
      await Promise.all(
        LAB_SERVER_IDS.map(async (id) => {
          const s = state.servers[id];
          if (!s?.pid) return;
          // Data that is deleted next needs no clean shutdown: a short grace, then SIGKILL.
          await stopProcess(s.pid, s.marker, keepData ? 10_000 : 1500);
          stopped.push(s.pid);
        }),
      );
    }
    const strays = strayLabProcesses(paths);
    for (const pid of strays) signal(pid, "SIGCONT");
    await Promise.all(strays.map((pid) => stopProcess(pid, paths.dir, 5000)));
    stopped.push(...strays);
  } finally {
    release();
  }
  if (!keepData) fs.rmSync(paths.dir, { recursive: true, force: true });
  return { dir: paths.dir, stopped: [...new Set(stopped)] };
}
