import type { FleetSnapshot } from "@/lib/collector/types";
import { classifyProcess } from "./classify";
import { filterAndSort, type ProcesslistFilters } from "./filters";
import type { ProcessView } from "./types";

/** Every reachable server's threads, classified, filtered and sorted longest first. */
export function fleetProcesses(snapshot: FleetSnapshot, filters: ProcesslistFilters, longQuerySeconds: number): ProcessView[] {
  const all: ProcessView[] = [];
  for (const s of snapshot.servers) {
    if (filters.server !== undefined && s.id !== filters.server) continue;
    for (const row of s.processlist) {
      all.push(classifyProcess(row, { serverId: s.id, selfThreadIds: s.selfThreadIds, longQuerySeconds }));
    }
  }
  return filterAndSort(all, filters);
}
