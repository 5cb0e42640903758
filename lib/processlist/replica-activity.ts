import type { ServerSample } from "@/lib/collector/types";
import { kindOf } from "./classify";

/** What one replica's SQL thread is applying now, for how long, and where it is. */
export interface ReplicaActivity {
  serverId: string;
  channel: string;
  /** The configured server this channel replicates from, when it is one of ours. */
  sourceId: string | null;
  source: string;
  ioRunning: boolean;
  sqlRunning: boolean;
  /** Slave_SQL_Running_State, or the SQL thread's processlist State. */
  sqlState: string | null;
  /** The statement or event the SQL thread (or a worker) applies now; null when it waits. */
  applying: string | null;
  /** Time of the SQL thread in the processlist: on a replica, seconds since the applied event was written on the source. */
  applyingForSeconds: number | null;
  secondsBehindSource: number | null;
  /** Source binlog position executed up to, "file:pos". */
  execPosition: string | null;
  /** Relay log position, "file:pos". */
  relayPosition: string | null;
  /** GTID position: MariaDB gtid_current_pos, MySQL Executed_Gtid_Set. */
  gtidPosition: string | null;
  /** Parallel workers that are busy, with what they apply. */
  workers: { id: number; state: string | null; info: string | null; timeSeconds: number }[];
  lastError: string | null;
}

/** A replication channel's source as the topology resolved it. */
export interface ResolvedSource {
  sourceHost: string;
  sourcePort: number;
  sourceId: string | null;
}

/** Maps a channel's source host and port to a configured server id, as the topology resolved it. */
export function sourceIdResolver(replication: readonly (ResolvedSource | null)[]): (host: string, port: number) => string | null {
  return (host, port) => replication.find((r) => r?.sourceHost === host && r.sourcePort === port)?.sourceId ?? null;
}

const position = (file: string | null, pos: number | null) => (file && pos != null ? `${file}:${pos}` : null);

/**
 * Replica activity of one sample, one entry per replication channel; [] for a server that is not a
 * replica. `sourceIdOf` maps a channel's source host and port to a configured server id.
 */
export function replicaActivityOf(
  sample: ServerSample,
  sourceIdOf: (host: string, port: number) => string | null,
): ReplicaActivity[] {
  const threads = sample.processlist.map((row) => ({ row, ...kindOf(row, sample.selfThreadIds) }));
  const sqlThreads = threads.filter((t) => t.kind === "replication" && t.role === "SQL thread").map((t) => t.row);
  const workers = threads
    .filter((t) => t.kind === "replication" && t.role === "parallel worker" && t.row.info)
    .map(({ row }) => ({ id: row.id, state: row.state, info: row.info, timeSeconds: row.timeSeconds }));
  return sample.replication.map((ch, i) => {
    // SHOW PROCESSLIST does not name the channel; with one channel (the usual case) the pairing is exact.
    const sql = sample.replication.length === 1 ? sqlThreads[0] : sqlThreads[i];
    const workerInfo = workers.find((w) => w.info)?.info ?? null;
    return {
      serverId: sample.id,
      channel: ch.channel,
      sourceId: sourceIdOf(ch.sourceHost, ch.sourcePort),
      source: `${ch.sourceHost}:${ch.sourcePort}`,
      ioRunning: ch.ioRunning,
      sqlRunning: ch.sqlRunning,
      sqlState: ch.sqlThreadState ?? sql?.state ?? null,
      applying: sql?.info ?? workerInfo,
      applyingForSeconds: sql && ch.sqlRunning ? sql.timeSeconds : null,
      secondsBehindSource: ch.secondsBehindSource,
      execPosition: position(ch.execSourceLogFile, ch.execSourceLogPos),
      relayPosition: position(ch.relayLogFile, ch.relayLogPos),
      gtidPosition: ch.executedGtidSet ?? sample.variables?.gtidCurrentPos ?? null,
      workers,
      lastError: ch.lastSqlError ?? ch.lastIoError ?? null,
    };
  });
}
