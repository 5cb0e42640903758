/**
 * Where the topology picture puts each server and each replication channel of one cluster. Pure:
 * the writer on top with its co-master beside it, the writer's replicas below, chains deeper; one
 * edge per channel (a multi-source replica gets one per source). Rows wrap at `maxPerRow` so the
 * picture keeps legible labels on a phone instead of shrinking to fit.
 */
import type { ChannelView, ClusterView, Health, Role, ServerView } from "@/lib/topology/types";

/** How an edge's lag reads against the cluster's cutoff. */
export type EdgeStatus = "ok" | "past_cutoff" | "stopped" | "unknown";

export interface LayoutNode {
  id: string;
  /** "external": a source outside the fleet, named by its address */
  kind: "server" | "external";
  role: Role | null;
  health: Health | null;
  relaying: boolean;
  /** top-left corner */
  x: number;
  y: number;
  depth: number;
}

export interface LayoutEdge {
  /** source node id (a server id, or `host:port` of a source outside the fleet) */
  from: string;
  /** the replicating server */
  to: string;
  channel: string;
  lagSeconds: number | null;
  status: EdgeStatus;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** where the lag text sits: above the replica's box, or above/below a pair's line */
  labelX: number;
  labelY: number;
}

export interface ClusterLayout {
  width: number;
  height: number;
  nodes: LayoutNode[];
  edges: LayoutEdge[];
}

export const NODE_WIDTH = 104;
export const NODE_HEIGHT = 50;
const GAP_X = 14;
/** wide enough for a lag label between the writer and its co-master */
const PAIR_GAP_X = 64;
/** the lag labels of a row sit in the gap above it (two of them for a two-source replica) */
const GAP_Y = 40;
const MARGIN = 8;

/** An edge's status: a stopped or broken channel, else its lag against the cutoff. */
export function edgeStatus(channel: Pick<ChannelView, "health" | "lagSeconds">, cutoffSeconds: number, replicaReachable = true): EdgeStatus {
  if (!replicaReachable || channel.health === "unreachable") return "unknown";
  if (channel.health === "stopped" || channel.health === "error") return "stopped";
  if (channel.lagSeconds === null) return "unknown";
  return channel.lagSeconds > cutoffSeconds ? "past_cutoff" : "ok";
}

/** The node a channel reads from: its server id, or the address of a source outside the fleet. */
function sourceNodeId(c: ChannelView): string {
  return c.sourceId ?? `${c.sourceHost}:${c.sourcePort}`;
}

/**
 * Depth of every server: 0 for the writer and its co-master (or, without a writer, for the
 * servers no member feeds), else one below its deepest source in the cluster. Bounded by the
 * cluster's size, so a replication cycle cannot loop.
 */
function depths(cluster: ClusterView, servers: readonly ServerView[]): Map<string, number> {
  const inCluster = new Set(servers.map((s) => s.id));
  const sources = new Map(servers.map((s) => [s.id, s.channels.map((c) => c.sourceId).filter((id): id is string => !!id && inCluster.has(id) && id !== s.id)]));
  const depth = new Map<string, number>();
  const tops = [cluster.writer, cluster.coMaster].filter((id): id is string => !!id && inCluster.has(id));
  if (tops.length) tops.forEach((id) => depth.set(id, 0));
  else servers.filter((s) => sources.get(s.id)!.length === 0).forEach((s) => depth.set(s.id, 0));
  // A cycle without a writer (a master-master pair both read-only): its first server is the top.
  if (depth.size === 0 && servers.length) depth.set(servers[0].id, 0);

  for (let round = 0; round < servers.length; round++) {
    let changed = false;
    for (const s of servers) {
      if (tops.includes(s.id)) continue;
      const known = sources.get(s.id)!.map((id) => depth.get(id)).filter((d): d is number => d !== undefined);
      if (!known.length) continue;
      const d = Math.min(Math.max(...known) + 1, servers.length);
      if (depth.get(s.id) !== d) {
        depth.set(s.id, d);
        changed = true;
      }
    }
    if (!changed) break;
  }
  // Whatever no path reaches (a source outside the fleet, a lone server): the row below the top.
  for (const s of servers) if (!depth.has(s.id)) depth.set(s.id, tops.length ? 1 : 0);
  return depth;
}

/** One cluster's picture, in viewBox units. `servers` are the cluster's, in the API's order. */
export function layoutCluster(cluster: ClusterView, servers: readonly ServerView[], maxPerRow = 6): ClusterLayout {
  const perRow = Math.max(1, Math.floor(maxPerRow));
  const depth = depths(cluster, servers);
  const byId = new Map(servers.map((s) => [s.id, s]));
  const externals = new Map<string, LayoutNode>();
  for (const s of servers) {
    for (const c of s.channels) {
      if (c.sourceId && byId.has(c.sourceId)) continue;
      const id = sourceNodeId(c);
      if (!externals.has(id)) externals.set(id, { id, kind: "external", role: null, health: null, relaying: false, x: 0, y: 0, depth: 0 });
    }
  }
  const levels = new Map<number, string[]>();
  for (const s of servers) levels.set(depth.get(s.id)!, [...(levels.get(depth.get(s.id)!) ?? []), s.id]);
  // Sources outside the fleet get a row of their own above everything.
  if (externals.size) levels.set(-1, [...externals.keys()]);

  const nodes = new Map<string, LayoutNode>();
  const xOf = new Map<string, number>();
  let y = MARGIN;
  let width = 0;
  for (const level of [...levels.keys()].sort((a, b) => a - b)) {
    const ids = orderLevel(levels.get(level)!, level, cluster, byId, xOf);
    for (let start = 0; start < ids.length; start += perRow) {
      const row = ids.slice(start, start + perRow);
      let x = MARGIN;
      for (const id of row) {
        const s = byId.get(id);
        const node = s
          ? { id, kind: "server" as const, role: s.role, health: s.health, relaying: s.relaying, x, y, depth: level }
          : { ...externals.get(id)!, x, y, depth: level };
        nodes.set(id, node);
        xOf.set(id, x);
        const pair = level === 0 && (id === cluster.writer || id === cluster.coMaster) && row.some((o) => o !== id && (o === cluster.writer || o === cluster.coMaster));
        x += NODE_WIDTH + (pair && id === row[0] ? PAIR_GAP_X : GAP_X);
      }
      width = Math.max(width, x - GAP_X + MARGIN);
      y += NODE_HEIGHT + GAP_Y;
    }
  }
  const height = servers.length || externals.size ? y - GAP_Y + MARGIN : 0;
  return { width: Math.max(width, NODE_WIDTH + 2 * MARGIN), height, nodes: [...nodes.values()], edges: edgesOf(servers, nodes, cluster.lagCutoffSeconds) };
}

/** A level's order: on the top row the writer first, then its co-master; below, under their sources. */
function orderLevel(ids: string[], level: number, cluster: ClusterView, byId: ReadonlyMap<string, ServerView>, xOf: ReadonlyMap<string, number>): string[] {
  const rank = (id: string) => (id === cluster.writer ? 0 : id === cluster.coMaster ? 1 : 2);
  const under = (id: string) => {
    const xs = (byId.get(id)?.channels ?? []).map((c) => xOf.get(sourceNodeId(c))).filter((x): x is number => x !== undefined);
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0;
  };
  return [...ids].sort((a, b) => (level === 0 ? rank(a) - rank(b) : 0) || under(a) - under(b) || a.localeCompare(b));
}

/** Where channel `i` of a server ends among its channels: by its source's x, left to right. */
function slotOf(s: ServerView, i: number, nodes: ReadonlyMap<string, LayoutNode>): number {
  const xOf = (c: ChannelView) => nodes.get(sourceNodeId(c))?.x ?? 0;
  const order = s.channels.map((c, j) => ({ j, x: xOf(c) })).sort((a, b) => a.x - b.x || a.j - b.j);
  return order.findIndex((o) => o.j === i);
}

function edgesOf(servers: readonly ServerView[], nodes: ReadonlyMap<string, LayoutNode>, cutoff: number): LayoutEdge[] {
  const edges: LayoutEdge[] = [];
  for (const s of servers) {
    const to = nodes.get(s.id);
    if (!to) continue;
    s.channels.forEach((c, i) => {
      const from = nodes.get(sourceNodeId(c));
      if (!from || from.id === s.id) return;
      const base = { from: from.id, to: s.id, channel: c.name, lagSeconds: c.lagSeconds, status: edgeStatus(c, cutoff, s.reachable) };
      if (from.y === to.y) {
        // Side by side (the master-master pair): a line between their facing sides, one above the
        // middle for the edge going right and one below for the edge going left.
        const rightward = from.x < to.x;
        const dy = rightward ? -7 : 7;
        const [left, right] = rightward ? [from, to] : [to, from];
        const midY = from.y + NODE_HEIGHT / 2 + dy;
        const x1 = rightward ? left.x + NODE_WIDTH : right.x;
        const x2 = rightward ? right.x : left.x + NODE_WIDTH;
        edges.push({ ...base, x1, y1: midY, x2, y2: midY, labelX: (x1 + x2) / 2, labelY: midY + (rightward ? -5 : 14) });
        return;
      }
      const down = from.y < to.y;
      // Several channels into one box spread their ends across its top, in the order of their
      // sources from left to right (so they do not cross), and their labels one above the other.
      const slots = s.channels.length;
      const slot = slotOf(s, i, nodes);
      const endX = to.x + (NODE_WIDTH * (slot + 1)) / (slots + 1);
      const x1 = from.x + NODE_WIDTH / 2;
      const y1 = down ? from.y + NODE_HEIGHT : from.y;
      const y2 = down ? to.y : to.y + NODE_HEIGHT;
      const stagger = (slots - 1 - slot) * 13;
      edges.push({ ...base, x1, y1, x2: endX, y2, labelX: endX, labelY: down ? to.y - 6 - stagger : to.y + NODE_HEIGHT + 14 + stagger });
    });
  }
  return edges;
}
