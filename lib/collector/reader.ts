import type { HotSeatConfig } from "@/lib/config";
import type { TopologyView } from "@/lib/topology/types";
import type { HistoryEntry } from "./history";
import type { PollStats } from "./poll-stats";
import type { TopWriter } from "./top-writers";
import type { FleetSnapshot } from "./types";

/** Where "who is writing" comes from on one server. */
export type WritersSource = "performance_schema" | "processlist_sampling";

export interface ServerWriters {
  source: WritersSource;
  /** Why the source is processlist sampling on a server with performance_schema ON; else null. */
  note: string | null;
  top: TopWriter[];
}

/**
 * What the request side reads of the fleet, all synchronous and from memory: the `Collector`
 * itself (tests, the monitoring worker) or the console's mirror of the worker's collector
 * (docs/architecture.md, "The monitoring worker").
 */
export interface FleetReader {
  readonly config: HotSeatConfig;
  /** true while polls go on (the mirror: while its worker is meant to run) */
  readonly running: boolean;
  snapshot(now?: number): FleetSnapshot;
  topology(now?: number): TopologyView;
  historyOf(serverId: string, seconds: number, now?: number): HistoryEntry[] | null;
  writersOf(serverId: string, by?: "time" | "rows", limit?: number): ServerWriters | null;
  pollStats(): Record<string, PollStats>;
  hasServer(serverId: string): boolean;
  /** Poll every server once and wait for it (tests, benchmarks, first paint). */
  pollOnce(): Promise<void>;
  stop(): void;
}
