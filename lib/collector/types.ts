import type { WriteRates } from "./rates";
import type { GlobalStatus, HeartbeatRow, ProcessRow, ReplicationChannel, ServerVariables } from "@/lib/mysql/types";

/** One poll of one server. Held in memory by the collector; never contains credentials. */
export interface ServerSample {
  id: string;
  name: string;
  host: string;
  port: number;
  /** Wall-clock ms when this poll finished. */
  sampledAt: number;
  reachable: boolean;
  /** Why the last poll failed, when it did. */
  error: string | null;
  /** Last time a poll of this server succeeded, ms; null if never. */
  lastSeenAt: number | null;
  variables: ServerVariables | null;
  replication: ReplicationChannel[];
  status: GlobalStatus | null;
  /** Per-second rates from the counters of this and the previous sample; null on the first. */
  rates: { queriesPerSecond: number; writesPerSecond: number } | null;
  /** Writes per second by statement kind, from the same counters; null/absent on the first sample. */
  writeRates?: WriteRates | null;
  /** Heartbeat rows found on this server; empty when the table is missing. */
  heartbeats: HeartbeatRow[];
  /** Why writing the heartbeat failed on this (writable) server; lag then falls back to SBM. */
  heartbeatError: string | null;
  processlist: ProcessRow[];
  /** Thread ids of the console's own connections to this server (kind "self" in the processlist). */
  selfThreadIds: number[];
}

/** Everything the collector knows at one instant. */
export interface FleetSnapshot {
  generatedAt: number;
  lagCutoffSeconds: number;
  pollIntervalMs: number;
  servers: ServerSample[];
}
