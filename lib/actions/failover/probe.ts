/**
 * A fresh look at every server right before a plan or a switch: its variables and replication,
 * over a dedicated connection per server, all in parallel and each bounded, so a frozen server
 * costs one short timeout and never delays the others.
 */
import type { ServerSample } from "@/lib/collector/types";
import { serverPassword, type HotSeatConfig, type ServerConfig } from "@/lib/config";
import {
  closeQuietly,
  getDialect,
  openConnection,
  readReplication,
  readVariables,
  type Connection,
  type Dialect,
  type ReplicationChannel,
  type ServerVariables,
} from "@/lib/mysql";

export const PROBE_CONNECT_TIMEOUT_MS = 1500;
export const PROBE_QUERY_TIMEOUT_MS = 1500;

/** One server right now; satisfies the topology core's input (id, host, port, variables, replication). */
export interface ServerProbe {
  id: string;
  host: string;
  port: number;
  server: ServerConfig;
  reachable: boolean;
  error: string | null;
  dialect: Dialect | null;
  variables: ServerVariables | null;
  replication: ReplicationChannel[];
  /** true when variables/replication are the collector's last-known values, the live probe having failed */
  stale: boolean;
  /** ms of the data's sample (now for a live probe) */
  sampledAt: number | null;
}

export interface LiveProbe extends ServerProbe {
  /** open for the switch when reachable; closed by FleetProbe.close() */
  conn: Connection | null;
}

export interface FleetProbe {
  servers: LiveProbe[];
  byId(id: string | null | undefined): LiveProbe | undefined;
  close(): void;
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e?.code === "HOTSEAT_QUERY_TIMEOUT" || e?.code === "ETIMEDOUT") return "did not answer in time";
  if (e?.code === "ECONNREFUSED") return "connection refused";
  return (e?.message ?? String(err)).split("\n")[0].slice(0, 200);
}

/** Open a connection and read one server, within the probe's deadlines. */
export async function probeServer(server: ServerConfig, lastKnown?: ServerSample): Promise<LiveProbe> {
  let conn: Connection | null = null;
  try {
    conn = await openConnection(
      { host: server.host, port: server.port, user: server.user, password: serverPassword(server) },
      { connectTimeoutMs: PROBE_CONNECT_TIMEOUT_MS },
    );
    const dialect = await getDialect(conn, PROBE_QUERY_TIMEOUT_MS);
    const [variables, replication] = await Promise.all([
      readVariables(conn, PROBE_QUERY_TIMEOUT_MS),
      readReplication(conn, dialect, PROBE_QUERY_TIMEOUT_MS),
    ]);
    return { id: server.id, host: server.host, port: server.port, server, reachable: true, error: null, dialect, variables, replication, stale: false, sampledAt: Date.now(), conn };
  } catch (err) {
    if (conn) closeQuietly(conn);
    return {
      id: server.id,
      host: server.host,
      port: server.port,
      server,
      reachable: false,
      error: describe(err),
      dialect: lastKnown?.variables?.dialect ?? null,
      variables: lastKnown?.variables ?? null,
      replication: lastKnown?.replication ?? [],
      stale: true,
      sampledAt: lastKnown?.lastSeenAt ?? null,
      conn: null,
    };
  }
}

/** Probe every configured server in parallel; unreachable ones carry the collector's last-known state. */
export async function probeFleet(config: HotSeatConfig, lastKnown: (id: string) => ServerSample | undefined = () => undefined): Promise<FleetProbe> {
  const servers = await Promise.all(config.servers.map((s) => probeServer(s, lastKnown(s.id))));
  return {
    servers,
    byId: (id) => servers.find((s) => s.id === id),
    close: () => {
      for (const s of servers) if (s.conn) closeQuietly(s.conn);
    },
  };
}
