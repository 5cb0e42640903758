import { processSlot } from "@/lib/process-singleton";
import { driversBusy, reconcileMaintenance } from "./drivers";

/** How often the scheduler looks at the clock: a window starts or ends within a second. */
export const SCHEDULER_TICK_MS = 1000;

// On globalThis (one scheduler per process): instrumentation.ts and the routes are bundled apart.
const timer = processSlot<NodeJS.Timeout>("__hotseatMaintenanceScheduler");

/**
 * Start the maintenance scheduler once per process (instrumentation.ts calls this next to the
 * collector): every tick it reconciles the drivers (flag file, hooks) with the effective state,
 * so scheduled windows turn maintenance on and off by themselves, a restart catches up at once,
 * and a change made through another console sharing the store reaches this console's flag file
 * within a tick (and the hooks, on the leader).
 */
export function startMaintenanceScheduler(tickMs = SCHEDULER_TICK_MS): void {
  if (timer.get()) return;
  const tick = () => {
    if (driversBusy()) return; // a slow hook is still running; the next tick catches up
    reconcileMaintenance().catch((err: unknown) => {
      console.error("[hotseat] maintenance scheduler:", (err as Error).message);
    });
  };
  timer.set(setInterval(tick, tickMs).unref());
  tick();
}

export function stopMaintenanceScheduler(): void {
  clearInterval(timer.get());
  timer.set(undefined);
}
