import { ApiError, withRole } from "@/lib/api";
import { getCollector } from "@/lib/collector";
import { getConfig } from "@/lib/config";
import { sourceIdOf as topologySourceIdOf } from "@/lib/topology";
import { fleetProcesses, maskSecrets, processlistQuerySchema, replicaActivityOf, type ReplicaActivity } from "@/lib/processlist";

export const dynamic = "force-dynamic";

// GET /api/processlist?server=&user=&host=&db=&command=&minTime=&text=&kind= – every server's threads, classified, longest first
export const GET = withRole("viewer", { query: processlistQuerySchema }, ({ query, caller }) => {
  const collector = getCollector();
  if (query.server !== undefined && !collector.hasServer(query.server)) {
    throw new ApiError("not_found", `Unknown server "${query.server}"`);
  }
  const snapshot = collector.snapshot();
  const { longQuerySeconds } = getConfig().processlist;
  const sourceIdOf = (host: string, port: number) => topologySourceIdOf({ sourceHost: host, sourcePort: port }, snapshot.servers);
  const servers = snapshot.servers.filter((s) => query.server === undefined || s.id === query.server);
  // Viewers (the curious) never read a password out of a CREATE USER or CHANGE MASTER statement.
  const mask = caller?.role === "viewer" ? maskSecrets : (sql: string | null) => sql;
  const maskActivity = (a: ReplicaActivity): ReplicaActivity => ({
    ...a,
    applying: mask(a.applying),
    workers: a.workers.map((w) => ({ ...w, info: mask(w.info) })),
  });
  return Response.json({
    generatedAt: new Date(snapshot.generatedAt).toISOString(),
    longQuerySeconds,
    processes: fleetProcesses(snapshot, query, longQuerySeconds).map((p) => ({ ...p, info: mask(p.info) })),
    servers: servers.map((s) => ({
      id: s.id,
      name: s.name,
      reachable: s.reachable,
      error: s.error,
      sampledAt: s.sampledAt ? new Date(s.sampledAt).toISOString() : null,
    })),
    replicas: servers.flatMap((s) => (s.reachable ? replicaActivityOf(s, sourceIdOf) : [])).map(maskActivity),
  });
});

