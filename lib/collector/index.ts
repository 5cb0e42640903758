import { getConfig } from "@/lib/config";
import { Collector } from "./collector";
import { processSingleton } from "@/lib/process-singleton";

export { Collector, type CollectorOptions, type ServerWriters, type WritersSource } from "./collector";
export { DigestWriters, looseStatementKey } from "./digest-writers";
export { RingBuffer, type HistoryEntry } from "./history";
export { lagSparklines, MAX_SPARKLINE_POINTS, type LagSparklines } from "./lag-sparklines";
export { POLL_DURATION_BUCKETS, type PollStats } from "./poll-stats";
export { ratesBetween, writeRatesBetween, type WriteRates } from "./rates";
export { TopWriters, type TopWriter } from "./top-writers";
export type { FleetSnapshot, ServerSample } from "./types";

/**
 * The process's collector, started on first use (instrumentation.ts starts it at boot); one per
 * process, so dev reloads and a second import never start two.
 */
export function getCollector(): Collector {
  return processSingleton("__hotseatCollector", () => {
    const collector = new Collector(getConfig());
    collector.start();
    return collector;
  });
}
