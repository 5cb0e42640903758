/**
 * Who replicates from whom, by fleet id: the one place that resolves a channel's source and names
 * master-master partners. The analysis, the failover plan, the routes and the pages read these
 * answers instead of working them out again.
 */
import type { ReplicatingServer, SourceAddress } from "./input";

/** Loopback spellings are one host: the lab and many fleets mix them. */
function sameHost(a: string, b: string): boolean {
  const norm = (h: string) => (h === "localhost" || h === "::1" ? "127.0.0.1" : h.toLowerCase());
  return norm(a) === norm(b);
}

/** The fleet id of the server a channel replicates from: by server_id first, then host and port. */
export function sourceIdOf(channel: SourceAddress, fleet: readonly ReplicatingServer[]): string | null {
  if (channel.sourceServerId != null) {
    const byId = fleet.find((s) => s.variables?.serverId === channel.sourceServerId);
    if (byId) return byId.id;
  }
  const byAddress = fleet.find((s) => s.port === channel.sourcePort && sameHost(s.host, channel.sourceHost));
  return byAddress?.id ?? null;
}

/** The replication links of a fleet, resolved once. */
export interface ReplicationGraph {
  /** the fleet ids a server replicates from, one per channel in channel order; null for a source outside the fleet */
  sourcesOf(id: string | null | undefined): readonly (string | null)[];
  /** the source of the server's first channel (multi-source beyond it is out of scope for roles) */
  sourceOf(id: string | null | undefined): string | null;
  /** the servers whose first channel replicates from `id`, in fleet order */
  replicasOf(id: string | null | undefined): string[];
  /** `a` and `b` replicate from each other: master-master partners */
  areCoMasters(a: string | null | undefined, b: string | null | undefined): boolean;
  /** the master-master partners of `id`, in the order of its own channels */
  coMastersOf(id: string | null | undefined): string[];
}

/** The graph of already resolved sources (server id -> source id per channel), in fleet order. */
export function graphOf(sources: ReadonlyMap<string, readonly (string | null)[]>): ReplicationGraph {
  const sourcesOf = (id: string | null | undefined) => (id == null ? [] : (sources.get(id) ?? []));
  const areCoMasters = (a: string | null | undefined, b: string | null | undefined) =>
    a != null && b != null && a !== b && sourcesOf(a).includes(b) && sourcesOf(b).includes(a);
  return {
    sourcesOf,
    sourceOf: (id) => sourcesOf(id)[0] ?? null,
    replicasOf: (id) => (id == null ? [] : [...sources.keys()].filter((s) => s !== id && sourcesOf(s)[0] === id)),
    areCoMasters,
    coMastersOf: (id) => [...new Set(sourcesOf(id).filter((s): s is string => areCoMasters(id, s)))],
  };
}

/** Resolve every channel of every server of the fleet once. */
export function replicationGraph(fleet: readonly ReplicatingServer[]): ReplicationGraph {
  return graphOf(new Map(fleet.map((s) => [s.id, s.replication.map((ch) => sourceIdOf(ch, fleet))])));
}
