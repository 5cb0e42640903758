import type { ServerInput } from "./input";
import type { LagSource } from "./types";

export interface Lag {
  lagSeconds: number | null;
  lagSource: LagSource;
}

/**
 * A heartbeat is trusted only while someone keeps stamping the writer's row: its age on the writer
 * itself stays within a few polls. Whoever writes it (this collector, or a pt-heartbeat already
 * running on the fleet) does not matter.
 */
export function heartbeatIsFresh(writer: ServerInput | undefined, pollIntervalMs: number): boolean {
  const serverId = writer?.variables?.serverId;
  if (!writer?.reachable || serverId == null) return false;
  const own = writer.heartbeats.find((h) => h.serverId === serverId);
  return own != null && own.ageSeconds <= (3 * pollIntervalMs + 2000) / 1000;
}

/**
 * True lag of a replica: the age of the writer's heartbeat row as the replica sees it, end to end
 * through a chain. Falls back to the channel's Seconds_Behind_Master/Source, which is NULL with a
 * stopped SQL thread, 0 while a slow IO thread has nothing queued, and only measures the last hop
 * of a chain, so it is only second best. `channel`: the one judged (a multi-source replica has
 * several, each leading to its own writer); the first by default.
 */
export function replicaLag(
  sample: ServerInput,
  writer: ServerInput | undefined,
  now: number,
  pollIntervalMs: number,
  channel: ServerInput["replication"][number] | undefined = sample.replication[0],
): Lag {
  if (!sample.reachable) return { lagSeconds: null, lagSource: null };
  const writerServerId = writer?.variables?.serverId;
  if (writer && writer.id !== sample.id && writerServerId != null && heartbeatIsFresh(writer, pollIntervalMs)) {
    const row = sample.heartbeats.find((h) => h.serverId === writerServerId);
    if (row) return { lagSeconds: Math.max(0, round(row.ageSeconds)), lagSource: "heartbeat" };
  }
  if (!channel) return { lagSeconds: null, lagSource: null };
  return channel.secondsBehindSource == null
    ? { lagSeconds: null, lagSource: null }
    : { lagSeconds: channel.secondsBehindSource, lagSource: "seconds_behind" };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
