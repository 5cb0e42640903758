import { getMaintenance } from "./state";
import type { MaintenanceState } from "./types";

/** Whether the site is in maintenance, answered synchronously from the last read of the store. */
export interface MaintenanceFollower {
  /** in maintenance at `now`: the last state read, a window's end taken by the clock */
  enabled(now?: Date): boolean;
  stop(): void;
}

/**
 * For a synchronous reader (the alert engine's evaluation): the effective state read from the store
 * every `tickMs` (1 s), so a change made through any console sharing the store is seen within it.
 * Off until the first read; a failed read keeps the last state (and says so once).
 */
export function maintenanceFollower(tickMs = 1000, read: () => Promise<MaintenanceState> = () => getMaintenance()): MaintenanceFollower {
  let last: MaintenanceState | null = null;
  let failing = false;
  let reading = false;
  const tick = async () => {
    if (reading) return;
    reading = true;
    try {
      last = await read();
      failing = false;
    } catch (err) {
      if (!failing) console.error("[hotseat] maintenance state unreadable:", (err as Error).message);
      failing = true;
    } finally {
      reading = false;
    }
  };
  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();
  void tick();
  return {
    enabled(now = new Date()) {
      if (!last?.enabled) return false;
      return last.until == null || last.source !== "schedule" || now.toISOString() < last.until;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
