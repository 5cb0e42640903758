import type { FleetSnapshot } from "@/lib/collector/types";
import { classifyProcess } from "./classify";
import { filterAndSort, type ProcesslistFilters } from "./filters";
import type { ProcessView } from "./types";
import type { StatementReader } from "./visible-text";

/**
 * Every reachable server's threads, classified, filtered and sorted longest first. `read` is how
 * the caller reads statements (see statementReaderFor): the text filter matches what it returns.
 */
export function fleetProcesses(
  snapshot: FleetSnapshot,
  filters: ProcesslistFilters,
  longQuerySeconds: number,
  read: StatementReader = (text) => text,
): ProcessView[] {
  const all: ProcessView[] = [];
  for (const s of snapshot.servers) {
    if (filters.server !== undefined && s.id !== filters.server) continue;
    for (const row of s.processlist) {
      const p = classifyProcess(row, { serverId: s.id, selfThreadIds: s.selfThreadIds, longQuerySeconds });
      all.push({ ...p, info: read(p.info) });
    }
  }
  return filterAndSort(all, filters);
}
