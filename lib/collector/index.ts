import { getConfig } from "@/lib/config";
import { Collector } from "./collector";
import { processSlot } from "@/lib/process-singleton";
import type { FleetReader } from "./reader";

export { Collector, type CollectorOptions } from "./collector";
export type { FleetReader, ServerWriters, WritersSource } from "./reader";
export { DigestWriters, looseStatementKey } from "./digest-writers";
export { RingBuffer, type HistoryEntry } from "./history";
export { lagSparklines, MAX_SPARKLINE_POINTS, type LagSparklines } from "./lag-sparklines";
export { POLL_DURATION_BUCKETS, type PollStats } from "./poll-stats";
export { ratesBetween, writeRatesBetween, type WriteRates } from "./rates";
export { TopWriters, type TopWriter } from "./top-writers";
export type { FleetSnapshot, ServerSample } from "./types";

// One per process, so dev reloads and a second import never start two.
const slot = processSlot<FleetReader>("__hotseatCollector");

/**
 * The process's fleet memory. The console's boot puts the mirror of its monitoring worker here
 * (lib/collector/monitor-worker.ts); elsewhere (tests, benchmarks, the worker itself) it is a
 * collector in this thread, started on first use.
 */
export function getCollector(): FleetReader {
  let reader = slot.get();
  if (!reader) {
    const collector = new Collector(getConfig());
    collector.start();
    slot.set((reader = collector));
  }
  return reader;
}

/** Make `reader` the process's fleet memory (before anything reads it). */
export function installFleetReader(reader: FleetReader): void {
  slot.set(reader);
}
