import type { FleetSnapshot } from "@/lib/collector/types";
import type { ProcessView } from "./types";
import { fleetProcesses } from "./fleet";
import type { ProcesslistFilters } from "./filters";
import { replicaActivityOf, sourceIdResolver, type ReplicaActivity, type ResolvedSource } from "./replica-activity";
import type { StatementReader } from "./visible-text";

/** GET /api/processlist's body. */
export interface ProcesslistView {
  generatedAt: string;
  longQuerySeconds: number;
  processes: ProcessView[];
  servers: { id: string; name: string; reachable: boolean; error: string | null; sampledAt: string | null }[];
  replicas: ReplicaActivity[];
}

export interface ProcesslistViewInput {
  snapshot: FleetSnapshot;
  /** The topology's replication views, so that both pages name a channel's source alike. */
  replication: readonly (ResolvedSource | null)[];
  filters: ProcesslistFilters;
  longQuerySeconds: number;
  /** How the caller reads statements (statementReaderFor). */
  read: StatementReader;
}

/** The processlist page's view: every thread and replica channel, statements as the caller may read them. */
export function processlistView({ snapshot, replication, filters, longQuerySeconds, read }: ProcesslistViewInput): ProcesslistView {
  const sourceIdOf = sourceIdResolver(replication);
  const servers = snapshot.servers.filter((s) => filters.server === undefined || s.id === filters.server);
  const readActivity = (a: ReplicaActivity): ReplicaActivity => ({
    ...a,
    applying: read(a.applying),
    workers: a.workers.map((w) => ({ ...w, info: read(w.info) })),
  });
  return {
    generatedAt: new Date(snapshot.generatedAt).toISOString(),
    longQuerySeconds,
    processes: fleetProcesses(snapshot, filters, longQuerySeconds, read),
    servers: servers.map((s) => ({
      id: s.id,
      name: s.name,
      reachable: s.reachable,
      error: s.error,
      sampledAt: s.sampledAt ? new Date(s.sampledAt).toISOString() : null,
    })),
    replicas: servers.flatMap((s) => (s.reachable ? replicaActivityOf(s, sourceIdOf) : [])).map(readActivity),
  };
}
