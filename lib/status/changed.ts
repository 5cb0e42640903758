import { processSlot } from "@/lib/process-singleton";
import type { StatusCache } from "./cache";

/**
 * The process's status cache, and the one call every write that the public page shows makes
 * (incidents, overrides, maintenance). A leaf: the writers import it without importing the cache.
 */
export const statusCacheSlot = processSlot<StatusCache>("__hotseatStatusCache");

/**
 * After a change the public page shows: rebuild now, so /status has it on the next load. Settles
 * once the rebuild has read the store's incidents too (a writer of incidents waits for it).
 */
export function statusChanged(): Promise<void> {
  return statusCacheSlot.get()?.invalidate() ?? Promise.resolve();
}
