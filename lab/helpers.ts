import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { LabPaths } from "./paths";
import { isAlive, signal, sleep, spawnDetached, stopProcess } from "./processes";
import { readState, updateState, type LabHelperState } from "./state";

/** Marker every helper's command line carries, so `down` can find it even without state. */
export function helperMarker(paths: LabPaths): string {
  return `--lab-dir=${paths.dir}`;
}

/**
 * Start a TypeScript script of this repo as a detached Node process (tsx loader in-process,
 * no wrapper child), record it in the lab state and return its pid.
 */
export function startHelper(
  paths: LabPaths,
  kind: LabHelperState["kind"],
  script: string,
  args: string[],
  logFile: string,
  extra: { server?: LabHelperState["server"]; env?: NodeJS.ProcessEnv } = {},
): number {
  const req = createRequire(path.join(paths.repoRoot, "package.json"));
  const loader = pathToFileURL(req.resolve("tsx")).href;
  const pid = spawnDetached(
    process.execPath,
    ["--import", loader, path.join(paths.repoRoot, script), ...args, helperMarker(paths)],
    {
      logFile,
      cwd: paths.repoRoot,
      env: {
        ...process.env,
        ...extra.env,
        HOTSEAT_LAB_DIR: paths.dir,
        HOTSEAT_LAB_PORT_BASE: String(paths.portBase),
        HOTSEAT_LAB_CUTOFF: String(paths.cutoffSeconds),
      },
    },
  );
  recordHelper(paths, { kind, pid, marker: helperMarker(paths), server: extra.server, startedAt: new Date().toISOString() });
  return pid;
}

/** Add a helper to the lab state (dropping any that have exited meanwhile). */
export function recordHelper(paths: LabPaths, helper: LabHelperState): void {
  updateState(paths, (s) => {
    s.helpers = s.helpers.filter((h) => isAlive(h.pid, h.marker));
    s.helpers.push(helper);
  });
}

/** Stop a helper and its process group (it was started detached, so it leads one). */
export async function stopHelper(h: LabHelperState): Promise<void> {
  if (!isAlive(h.pid, h.marker)) return;
  signal(-h.pid, "SIGCONT");
  signal(-h.pid, "SIGTERM");
  for (let i = 0; i < 30 && isAlive(h.pid, h.marker); i++) await sleep(100);
  signal(-h.pid, "SIGKILL");
  await stopProcess(h.pid, h.marker, 1000);
}

/** Stop every recorded helper of one kind (all kinds when omitted). */
export async function stopHelpers(paths: LabPaths, kind?: LabHelperState["kind"]): Promise<number> {
  const state = readState(paths);
  if (!state) return 0;
  const targets = state.helpers.filter((h) => !kind || h.kind === kind);
  await Promise.all(targets.map(stopHelper));
  updateState(paths, (s) => {
    s.helpers = s.helpers.filter((h) => !targets.some((t) => t.pid === h.pid));
  });
  return targets.length;
}
