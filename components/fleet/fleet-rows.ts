/**
 * The fleet view's rows: one per server, the most severe first, filtered by cluster and health.
 * Pure; the filters come from the URL, so anything unknown there is ignored rather than trusted.
 */
import type { Health, LagSource, Role, TopologyView } from "@/lib/topology/types";

/** From this many servers the dashboard shows the fleet table instead of one card per server. */
export const FLEET_VIEW_FROM_SERVERS = 12;

/** `?view=`: the table or the cards on demand; without it, the fleet's size decides. */
export type DashboardLayout = "fleet" | "cards";

/** Health filter: one health, or every server that is not ok. */
export type HealthFilter = Health | "not_ok";

export interface FleetFilter {
  cluster?: string;
  health?: HealthFilter;
}

export interface FleetRow {
  id: string;
  name: string;
  clusterId: string;
  clusterName: string;
  role: Role;
  health: Health;
  lagSeconds: number | null;
  lagSource: LagSource;
  lagNote: string | null;
  cutoffSeconds: number;
  pastCutoff: boolean;
  readEligible: boolean;
  threadsRunning: number | null;
  /** a replica in the replica pool's sense: it has channels (the writer's own to its partner aside) */
  replicates: boolean;
}

/** Most severe first: a dead server, a broken channel, a stopped one, lag, unknown lag, fine. */
const HEALTH_RANK: Record<Health, number> = { unreachable: 0, error: 1, stopped: 2, lagging: 3, unknown: 4, ok: 5 };
export const HEALTH_FILTERS: readonly HealthFilter[] = ["not_ok", "unreachable", "error", "stopped", "lagging", "unknown", "ok"];

export function chooseLayout(serverCount: number, requested: string | undefined): DashboardLayout {
  if (requested === "fleet" || requested === "cards") return requested;
  return serverCount >= FLEET_VIEW_FROM_SERVERS ? "fleet" : "cards";
}

/** The filters from URL parameters: a cluster the fleet has, a health the table knows; else none. */
export function parseFleetFilter(params: { cluster?: string | null; health?: string | null }, view: Pick<TopologyView, "clusters">): FleetFilter {
  const filter: FleetFilter = {};
  if (params.cluster && view.clusters.some((c) => c.id === params.cluster)) filter.cluster = params.cluster;
  if (params.health && (HEALTH_FILTERS as readonly string[]).includes(params.health)) filter.health = params.health as HealthFilter;
  return filter;
}

function matches(row: FleetRow, filter: FleetFilter): boolean {
  if (filter.cluster && row.clusterId !== filter.cluster) return false;
  if (filter.health === "not_ok") return row.health !== "ok" || row.pastCutoff;
  if (filter.health && row.health !== filter.health) return false;
  return true;
}

/**
 * Rows sorted by severity: health, then past the cutoff before within it, then the higher lag
 * (unknown after known), then the clusters' order and the server id, so equal rows never jump.
 */
export function fleetRows(view: Pick<TopologyView, "servers" | "clusters" | "lagCutoffSeconds">, filter: FleetFilter = {}): FleetRow[] {
  const clusters = new Map(view.clusters.map((c, i) => [c.id, { cluster: c, index: i }]));
  const rows = view.servers.map((s): FleetRow & { clusterIndex: number } => {
    const entry = clusters.get(s.clusterId);
    const cutoffSeconds = entry?.cluster.lagCutoffSeconds ?? view.lagCutoffSeconds;
    return {
      id: s.id,
      name: s.name,
      clusterId: s.clusterId,
      clusterName: entry?.cluster.name ?? s.clusterId,
      role: s.role,
      health: s.health,
      lagSeconds: s.lagSeconds,
      lagSource: s.lagSource,
      lagNote: s.lagNote ?? null,
      cutoffSeconds,
      pastCutoff: s.role !== "writer" && s.lagSeconds !== null && s.lagSeconds > cutoffSeconds,
      readEligible: s.readEligible,
      threadsRunning: s.threadsRunning,
      replicates: s.channels.length > 0 && s.role !== "writer",
      clusterIndex: entry?.index ?? clusters.size,
    };
  });
  const lagKey = (r: FleetRow) => (r.lagSeconds === null ? -1 : r.lagSeconds);
  return rows
    .filter((r) => matches(r, filter))
    .sort(
      (a, b) =>
        HEALTH_RANK[a.health] - HEALTH_RANK[b.health] ||
        Number(b.pastCutoff) - Number(a.pastCutoff) ||
        lagKey(b) - lagKey(a) ||
        a.clusterIndex - b.clusterIndex ||
        a.id.localeCompare(b.id),
    )
    .map(({ clusterIndex: _, ...row }) => row);
}

/** The query string of a dashboard URL with these filters (and the table asked for). */
export function fleetSearch(current: string, filter: FleetFilter, layout: DashboardLayout | null): string {
  const params = new URLSearchParams(current);
  for (const [key, value] of [["cluster", filter.cluster], ["health", filter.health], ["view", layout ?? undefined]] as const) {
    if (value) params.set(key, value);
    else params.delete(key);
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}
