import { getCollector } from "@/lib/collector";
import { getConfig } from "@/lib/config";
import { StatusCache, type StatusArtifacts } from "./cache";
import { readMaintenance } from "./maintenance-source";
import { statusSettings } from "./settings";

export { StatusCache, type StatusArtifacts, type StatusCacheDeps } from "./cache";
export { renderBadge, renderFavicon, STATE_COLOURS } from "./badge";
export { deriveComponents, overallState, worstOf, HEADLINES, type DerivedComponent, type Override } from "./derive";
export { getIncident, listIncidents, openIncident, postIncidentUpdate, type IncidentRecord, type IncidentUpdateRecord } from "./incidents";
export { clearOverride, listOverrides, setOverride } from "./overrides";
export { readHistory, recordSpan, HISTORY_DAYS } from "./history";
export { buildStatusModel, PAGE_ID } from "./model";
export { statusSettings, DEFAULT_NAMES, type StatusSettings } from "./settings";
export { checkSite, type SiteCheck } from "./site-check";
export * from "./types";

// One cache per server process, on globalThis so separately bundled routes share it.
const holder = globalThis as unknown as { __hotseatStatusCache?: StatusCache; __hotseatStatusModule?: object };
// In development a code change re-evaluates this module: the old cache (old code) is replaced.
const moduleToken = {};

/** The process's status cache, created and started on first use. */
export function getStatusCache(): StatusCache {
  if (process.env.NODE_ENV === "development" && holder.__hotseatStatusModule !== moduleToken) {
    holder.__hotseatStatusCache?.stop();
    holder.__hotseatStatusCache = undefined;
    holder.__hotseatStatusModule = moduleToken;
  }
  if (!holder.__hotseatStatusCache) {
    const collector = getCollector();
    const cache = new StatusCache({
      settings: statusSettings(getConfig()),
      topology: () => collector.topology(),
      collectorReady: () => collector.snapshot().servers.every((s) => s.sampledAt > 0),
      maintenance: (now) => readMaintenance(now),
    });
    cache.start();
    holder.__hotseatStatusCache = cache;
  }
  return holder.__hotseatStatusCache;
}

/** The latest public status (waits for the first build after a start). */
export function currentStatus(): Promise<StatusArtifacts> {
  return getStatusCache().current();
}

/** After an operator's change: rebuild now so the page shows it on the next load. */
export function statusChanged(): void {
  holder.__hotseatStatusCache?.invalidate();
}

/** Stop and forget the process's cache (tests). */
export function resetStatusCache(): void {
  holder.__hotseatStatusCache?.stop();
  holder.__hotseatStatusCache = undefined;
}
export { COMPONENT_WORDS, UPDATE_WORDS } from "./words";
