import { ConfigError } from "@/lib/config";

/**
 * Starts the console's background work once per server process, before the first request:
 * the leader election (on a shared PostgreSQL store), the monitoring worker (the collector, the
 * app-server poller and the alert engine, on a thread of their own; polling does not depend on
 * anyone watching), the maintenance scheduler and the status cache. A bad configuration stops the
 * process with a message that names the bad key, not a stack trace.
 */
/**
 * Open the store (and apply its migrations) before anything uses it, so that a store that cannot
 * be opened is said once, at start, naming where it is. The console still starts: it polls and
 * shows the fleet, and every action is refused until the store answers (audit first).
 */
async function openStoreAtStart(): Promise<void> {
  const { describeTarget, store } = await import("@/lib/store");
  try {
    await store();
  } catch (err) {
    console.error(`[hotseat] the console's store ${describeTarget()} cannot be opened: ${(err as Error).message}`);
  }
}

export async function boot(): Promise<void> {
  try {
    (await import("@/lib/auth/check")).checkAuthSettings(); // a short session secret or an SSO entry without its provider stops the start
    await openStoreAtStart();
    (await import("@/lib/leader/election")).startLeaderElection(); // on a shared PostgreSQL store one console leads; the worker is told from its start
    (await import("@/lib/collector/monitor-worker")).startMonitoring(); // polls, analysis, alerts and webhooks off the request thread
    (await import("@/lib/maintenance")).startMaintenanceScheduler(); // flag file + hooks follow the state, windows by themselves
    (await import("@/lib/status")).getStatusCache(); // the status page's daily history is recorded from boot
    (await import("@/lib/writer")).startWriterFileFollower(); // the writer file follows the store, whichever console published
    (await import("@/lib/actions/failover")).startFailoverRecovery().catch((e) => console.error("[hotseat] failover recovery:", e)); // a crashed switch never blocks
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`\n[hotseat] ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
