// Starts the collector once per server process, before the first request, so polling does not
// depend on anyone watching. A bad configuration stops the process with a message, not a stack.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { ConfigError } = await import("@/lib/config");
  try {
    const { getCollector } = await import("@/lib/collector");
    getCollector();
    (await import("@/lib/maintenance")).startMaintenanceScheduler(); // flag file + hooks follow the state, windows by themselves
    (await import("@/lib/status")).getStatusCache();
    (await import("@/lib/alerts")).startAlerts(); // rules on the collector's cadence, webhooks with retries // the status page's daily history is recorded from boot
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`\n[hotseat] ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
