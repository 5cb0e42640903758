import type { ReplicatingServer } from "./input";
import { replicationGraph, type ReplicationGraph } from "./replication";
import type { Role } from "./types";

/** What roles are derived from: where each server replicates from, whether it answers and takes writes. */
export interface RoleInput extends ReplicatingServer {
  reachable: boolean;
  variables: { serverId: number; readOnly: boolean } | null;
}

export interface Roles {
  /** the main writer: the one most servers replicate from */
  writer: string | null;
  /** every writer, the main one first: more than one where independent sources feed a multi-source replica */
  writers: string[];
  /** Every reachable server that accepts writes. */
  writable: string[];
  /** Writable servers of which one replicates, directly or through a chain, from another: a split brain. */
  splitBrain: string[];
  roles: Map<string, Role>;
  coMasterOf: Map<string, string>;
  graph: ReplicationGraph;
}

/** Every server that replicates from `id` through any channel, directly or through a chain (not `id` itself). */
export function downstreamOf(id: string, fleet: readonly { id: string }[], graph: ReplicationGraph): Set<string> {
  const seen = new Set<string>();
  const queue = [id];
  // bounded by the fleet: each server enters the queue at most once
  while (queue.length > 0) {
    const cur = queue.shift()!;
    for (const s of fleet) {
      if (s.id !== id && !seen.has(s.id) && graph.sourcesOf(s.id).includes(cur)) {
        seen.add(s.id);
        queue.push(s.id);
      }
    }
  }
  return seen;
}

/**
 * Roles within one cluster, from the live replication sources and read_only. The writer is the
 * writable server most others replicate from; when none is writable and reachable (a dead or frozen
 * master), it is the last-known writable one that others still replicate from, so the dashboard
 * keeps naming the master that went away. A writable server that neither replicates from the
 * writer nor feeds it is a writer too: the other source of a multi-source replica.
 */
export function deriveRoles(fleet: readonly RoleInput[], graph: ReplicationGraph = replicationGraph(fleet)): Roles {
  const writable = fleet.filter((s) => s.reachable && s.variables?.readOnly === false).map((s) => s.id);
  const replicaCount = (id: string) => graph.replicasOf(id).length;
  const byReplicas = (ids: string[]) => [...ids].sort((a, b) => replicaCount(b) - replicaCount(a));

  let writer: string | null = null;
  if (writable.length > 0) {
    writer = byReplicas(writable)[0];
  } else {
    const lastKnown = fleet.filter((s) => s.variables?.readOnly === false && replicaCount(s.id) > 0).map((s) => s.id);
    writer = byReplicas(lastKnown)[0] ?? null;
  }

  const downstream = new Map(writable.map((id) => [id, downstreamOf(id, fleet, graph)]));
  const related = (a: string, b: string) => !!downstream.get(a)?.has(b) || !!downstream.get(b)?.has(a);
  const splitBrain = writable.filter((a) => writable.some((b) => b !== a && related(a, b)));
  const writers: string[] = writer ? [writer] : [];
  for (const w of byReplicas(writable)) {
    if (!writers.includes(w) && writers.every((x) => !related(x, w) && !downstreamOf(x, fleet, graph).has(w))) writers.push(w);
  }

  const roles = new Map<string, Role>();
  const coMasterOf = new Map<string, string>();
  for (const s of fleet) roles.set(s.id, "unknown");
  for (const w of writers) roles.set(w, "writer");
  for (const w of writers) {
    const partner = graph.coMastersOf(w).find((p) => roles.get(p) === "unknown");
    if (partner) {
      roles.set(partner, "co-master");
      coMasterOf.set(partner, w);
      coMasterOf.set(w, partner);
    }
  }
  // Everything downstream of a writer, directly or through a chain, is a replica.
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of fleet) {
      if (roles.get(s.id) === "unknown" && graph.sourcesOf(s.id).some((src) => src != null && roles.get(src) !== "unknown")) {
        roles.set(s.id, "replica");
        changed = true;
      }
    }
  }
  return { writer, writers, writable, splitBrain, roles, coMasterOf, graph };
}
