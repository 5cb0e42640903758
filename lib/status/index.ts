import { getCollector } from "@/lib/collector";
import { getConfig } from "@/lib/config";
import { processSlot } from "@/lib/process-singleton";
import { StatusCache, type StatusArtifacts } from "./cache";
import { statusCacheSlot } from "./changed";
import { readMaintenance } from "./maintenance-source";
import { statusSettings } from "./settings";

export { StatusCache, STORE_FRESH_MS, type StatusArtifacts, type StatusCacheDeps } from "./cache";
export { statusChanged } from "./changed";
export { readMaintenance, type MaintenanceView } from "./maintenance-source";
export { renderBadge, renderFavicon, STATE_COLOURS } from "./badge";
export { deriveComponents, overallState, worstOf, HEADLINES, type DerivedComponent, type Override } from "./derive";
export { clearOverride, listOverrides, setOverride } from "./overrides";
export { readHistory, recordSpan, HISTORY_DAYS } from "./history";
export { buildStatusModel, PAGE_ID } from "./model";
export { statusSettings, DEFAULT_NAMES, type StatusSettings } from "./settings";
export { checkSite, type SiteCheck } from "./site-check";
export * from "./types";

// One cache per server process (see ./changed), shared by separately bundled routes.
const moduleSlot = processSlot<object>("__hotseatStatusModule");
// In development a code change re-evaluates this module: the old cache (old code) is replaced.
const moduleToken = {};

/** The process's status cache, created and started on first use. */
export function getStatusCache(): StatusCache {
  if (process.env.NODE_ENV === "development" && moduleSlot.get() !== moduleToken) {
    resetStatusCache();
    moduleSlot.set(moduleToken);
  }
  const existing = statusCacheSlot.get();
  if (existing) return existing;
  const collector = getCollector();
  const cache = new StatusCache({
    settings: statusSettings(getConfig()),
    topology: () => collector.topology(),
    collectorReady: () => collector.snapshot().servers.every((s) => s.sampledAt > 0),
    maintenance: (now) => readMaintenance(now),
  });
  cache.start();
  statusCacheSlot.set(cache);
  return cache;
}

/** The latest public status (waits for the first build after a start). */
export function currentStatus(): Promise<StatusArtifacts> {
  return getStatusCache().current();
}

/** Stop and forget the process's cache (tests). */
export function resetStatusCache(): void {
  statusCacheSlot.get()?.stop();
  statusCacheSlot.set(undefined);
}
export { COMPONENT_WORDS, UPDATE_WORDS } from "./words";
