import type { ServerSample } from "@/lib/collector/types";
import type { ReplicationChannel } from "@/lib/mysql/types";
import type { Role } from "./types";

/** Loopback spellings are one host: the lab and many fleets mix them. */
function sameHost(a: string, b: string): boolean {
  const norm = (h: string) => (h === "localhost" || h === "::1" ? "127.0.0.1" : h.toLowerCase());
  return norm(a) === norm(b);
}

/** The fleet id of the server a channel replicates from: by server_id first, then host and port. */
export function sourceIdOf(channel: ReplicationChannel, fleet: ServerSample[]): string | null {
  if (channel.sourceServerId != null) {
    const byId = fleet.find((s) => s.variables?.serverId === channel.sourceServerId);
    if (byId) return byId.id;
  }
  const byAddress = fleet.find((s) => s.port === channel.sourcePort && sameHost(s.host, channel.sourceHost));
  return byAddress?.id ?? null;
}

/** The channel a server replicates through (the first one: multi-source is out of scope). */
export function primaryChannel(sample: ServerSample): ReplicationChannel | null {
  return sample.replication[0] ?? null;
}

/** Who replicates from whom, by fleet id. */
export function sourceMap(fleet: ServerSample[]): Map<string, string | null> {
  const map = new Map<string, string | null>();
  for (const s of fleet) {
    const channel = primaryChannel(s);
    map.set(s.id, channel ? sourceIdOf(channel, fleet) : null);
  }
  return map;
}

export interface Roles {
  writer: string | null;
  /** Every reachable server that accepts writes (more than one is a split brain). */
  writable: string[];
  roles: Map<string, Role>;
  coMasterOf: Map<string, string>;
}

/**
 * Roles from the live replication sources and read_only. The writer is the writable server; when
 * no server is writable and reachable (a dead or frozen master), it is the last-known writable one
 * that others still replicate from, so the dashboard keeps naming the master that went away.
 */
export function deriveRoles(fleet: ServerSample[]): Roles {
  const sources = sourceMap(fleet);
  const writable = fleet.filter((s) => s.reachable && s.variables?.readOnly === false).map((s) => s.id);
  const replicaCount = (id: string) => [...sources.values()].filter((src) => src === id).length;

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
    const partner = fleet.find((s) => s.id !== writer && sources.get(s.id) === writer && sources.get(writer!) === s.id);
    if (partner) {
      roles.set(partner.id, "co-master");
      coMasterOf.set(partner.id, writer);
      coMasterOf.set(writer, partner.id);
    }
  }
  // Everything downstream of the writer, directly or through a chain, is a replica.
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of fleet) {
      const src = sources.get(s.id);
      if (roles.get(s.id) === "unknown" && src && roles.get(src) !== "unknown") {
        roles.set(s.id, "replica");
        changed = true;
      }
    }
  }
  return { writer, writable, roles, coMasterOf };
}
