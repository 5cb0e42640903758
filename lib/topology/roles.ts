import type { ReplicatingServer } from "./input";
import { replicationGraph, type ReplicationGraph } from "./replication";
import type { Role } from "./types";

/** What roles are derived from: where each server replicates from, whether it answers and takes writes. */
export interface RoleInput extends ReplicatingServer {
  reachable: boolean;
  variables: { serverId: number; readOnly: boolean } | null;
}

export interface Roles {
  writer: string | null;
  /** Every reachable server that accepts writes (more than one is a split brain). */
  writable: string[];
  roles: Map<string, Role>;
  coMasterOf: Map<string, string>;
  graph: ReplicationGraph;
}

/**
 * Roles from the live replication sources and read_only. The writer is the writable server; when
 * no server is writable and reachable (a dead or frozen master), it is the last-known writable one
 * that others still replicate from, so the dashboard keeps naming the master that went away.
 */
export function deriveRoles(fleet: readonly RoleInput[], graph: ReplicationGraph = replicationGraph(fleet)): Roles {
  const writable = fleet.filter((s) => s.reachable && s.variables?.readOnly === false).map((s) => s.id);
  const replicaCount = (id: string) => graph.replicasOf(id).length;

  let writer: string | null = null;
  if (writable.length > 0) {
    writer = [...writable].sort((a, b) => replicaCount(b) - replicaCount(a))[0];
  } else {
    const lastKnown = fleet.filter((s) => s.variables?.readOnly === false && replicaCount(s.id) > 0);
    writer = lastKnown.sort((a, b) => replicaCount(b.id) - replicaCount(a.id))[0]?.id ?? null;
  }

  const roles = new Map<string, Role>();
  const coMasterOf = new Map<string, string>();
  for (const s of fleet) roles.set(s.id, "unknown");
  if (writer) {
    roles.set(writer, "writer");
    const partner = graph.coMastersOf(writer)[0];
    if (partner) {
      roles.set(partner, "co-master");
      coMasterOf.set(partner, writer);
      coMasterOf.set(writer, partner);
    }
  }
  // Everything downstream of the writer, directly or through a chain, is a replica.
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of fleet) {
      const src = graph.sourceOf(s.id);
      if (roles.get(s.id) === "unknown" && src && roles.get(src) !== "unknown") {
        roles.set(s.id, "replica");
        changed = true;
      }
    }
  }
  return { writer, writable, roles, coMasterOf, graph };
}
