import { startAppTier } from "./app-tier";
import { startHelper, stopHelpers } from "./helpers";
import { labPaths, type LabOptions, type LabPaths } from "./paths";
import { isAlive } from "./processes";
import { readState } from "./state";

/** The console the shop asks for read-eligible replicas (the writer it reads from the writer file). */
const dashboardUrl = () => process.env.HOTSEAT_URL ?? "http://127.0.0.1:3000";

/**
 * Start the demo shop: php-fpm behind nginx on the site port (once), and with `workload` the
 * traffic generator, a detached process driving the shop through nginx. Returns nginx's pid.
 */
export async function launchSite(paths: LabPaths, opts: { workload?: boolean } = {}): Promise<number> {
  const alive = (kind: string) => readState(paths)?.helpers.find((h) => h.kind === kind && isAlive(h.pid, h.marker));
  if (!alive("nginx") || !alive("php-fpm")) {
    await stopHelpers(paths, "nginx");
    await stopHelpers(paths, "php-fpm");
    await startAppTier(paths, dashboardUrl());
  }
  if (opts.workload && !alive("workload")) startHelper(paths, "workload", "scripts/lab-workload.ts", [], paths.siteLog);
  return alive("nginx")!.pid;
}

/** Start the lab's demo shop with its workload generator; returns nginx's pid. */
export async function startSite(opts: LabOptions & { workload?: boolean } = {}): Promise<number> {
  return launchSite(labPaths(opts), { workload: opts.workload ?? true });
}
