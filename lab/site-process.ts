import { startHelper } from "./helpers";
import { labPaths, type LabOptions, type LabPaths } from "./paths";
import { isAlive, sleep } from "./processes";
import { readState } from "./state";

/** Start the demo site (and, with `workload`, the traffic generator) as a detached process. */
export async function launchSite(paths: LabPaths, opts: { workload?: boolean } = {}): Promise<number> {
  const running = readState(paths)?.helpers.find((h) => h.kind === "site" && isAlive(h.pid, h.marker));
  if (running) return running.pid;
  const pid = startHelper(paths, "site", "scripts/demo-site.ts", opts.workload ? ["--workload"] : [], paths.siteLog);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) throw new Error(`demo site exited during start-up; see ${paths.siteLog}`);
    try {
      const res = await fetch(new URL("/healthz", paths.siteUrl), { signal: AbortSignal.timeout(1000) });
      if (res.ok) return pid;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`demo site did not answer on ${paths.siteUrl} within 20 s; see ${paths.siteLog}`);
}

/** Start the lab's demo site with its workload generator; returns the site's pid. */
export async function startSite(opts: LabOptions & { workload?: boolean } = {}): Promise<number> {
  return launchSite(labPaths(opts), { workload: opts.workload ?? true });
}
