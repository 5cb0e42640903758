import { getConfig } from "@/lib/config";
import { Collector } from "./collector";

export { Collector, type CollectorOptions, type ServerWriters, type WritersSource } from "./collector";
export { DigestWriters, looseStatementKey } from "./digest-writers";
export { RingBuffer, type HistoryEntry } from "./history";
export { POLL_DURATION_BUCKETS, type PollStats } from "./poll-stats";
export { ratesBetween, writeRatesBetween, type WriteRates } from "./rates";
export { TopWriters, type TopWriter } from "./top-writers";
export type { FleetSnapshot, ServerSample } from "./types";

// One collector per server process, kept on globalThis so dev reloads and a second import never start two.
const globalForCollector = globalThis as unknown as { __hotseatCollector?: Collector };

/** The process's collector, started on first use (instrumentation.ts starts it at boot). */
export function getCollector(): Collector {
  if (!globalForCollector.__hotseatCollector) {
    const collector = new Collector(getConfig());
    collector.start();
    globalForCollector.__hotseatCollector = collector;
  }
  return globalForCollector.__hotseatCollector;
}
