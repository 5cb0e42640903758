import fs from "node:fs";
import path from "node:path";
import type { LabPaths, LabServerId } from "./paths";

/** How to start one lab server again (scenario `start`) and how to recognise its process. */
export interface LabServerState {
  id: LabServerId;
  port: number;
  pid: number | null;
  command: string;
  args: string[];
  /** Substring of the command line that proves the pid is this server (its data dir). */
  marker: string;
}

/** A helper process the lab started: demo site, workload, batch job, rogue client. */
export interface LabHelperState {
  kind: "site" | "workload" | "batch-lag" | "rogue-query" | "php-fpm" | "nginx" | "app-pileup";
  pid: number;
  marker: string;
  server?: LabServerId;
  startedAt: string;
}

/** `<labDir>/state.json`: lets status, down and scenarios work from any process. */
export interface LabState {
  version: 1;
  createdAt: string;
  dir: string;
  portBase: number;
  serverVersion: string;
  servers: Record<LabServerId, LabServerState>;
  helpers: LabHelperState[];
}

export function readState(paths: LabPaths): LabState | null {
  try {
    return JSON.parse(fs.readFileSync(paths.stateFile, "utf8")) as LabState;
  } catch {
    return null;
  }
}

/** Atomic write (temp file + rename), so a reader never sees half a state file. */
export function writeState(paths: LabPaths, state: LabState): void {
  fs.mkdirSync(path.dirname(paths.stateFile), { recursive: true });
  const tmp = `${paths.stateFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2));
  fs.renameSync(tmp, paths.stateFile);
}

/** Read, change and write the state; a no-op when the lab has no state. */
export function updateState(paths: LabPaths, change: (state: LabState) => void): LabState | null {
  const state = readState(paths);
  if (!state) return null;
  change(state);
  writeState(paths, state);
  return state;
}

/**
 * A crude exclusive lock so two `up`/`down` runs on one lab directory do not interleave.
 * A lock left by a dead process is taken over.
 */
export function acquireLock(paths: LabPaths): () => void {
  fs.mkdirSync(paths.dir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(paths.lockFile, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let held = true;
      return () => {
        if (held) fs.rmSync(paths.lockFile, { force: true });
        held = false;
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = Number(fs.readFileSync(paths.lockFile, "utf8"));
      let alive = false;
      try {
        process.kill(holder, 0);
        alive = holder > 0;
      } catch {
        alive = false;
      }
      if (alive) throw new Error(`another lab command (pid ${holder}) is working on ${paths.dir}`);
      fs.rmSync(paths.lockFile, { force: true });
    }
  }
  throw new Error(`could not lock ${paths.lockFile}`);
}
