/**
 * Replication groups (docs/architecture.md, "Several clusters"): the connected components of the
 * replication graph, named by the config's `cluster` label or else their alphabetically first
 * server id, with per-cluster settings over the global ones. Pure.
 */
import type { ReplicationGraph } from "./replication";

/** One entry of the config's `clusters`: settings for the cluster of that id. */
export interface ClusterSetting {
  id: string;
  name?: string;
  lagCutoffSeconds?: number;
}

export interface ClusterOptions {
  /** server id -> its config `cluster` label */
  labels?: Readonly<Record<string, string | undefined>>;
  settings?: readonly ClusterSetting[];
  /** the global cutoff, for clusters without their own */
  lagCutoffSeconds: number;
}

export interface ClusterGroup {
  id: string;
  name: string;
  lagCutoffSeconds: number;
  /** in fleet (config) order */
  serverIds: string[];
}

interface GroupedServer {
  id: string;
  /** null for a server never reached: its replication is unknown */
  variables: unknown;
}

/**
 * The fleet's clusters, the cluster of the first server first (then by their first server). A
 * server never reached has no known channels: it joins the cluster its label names, else it
 * stands alone until it answers.
 */
export function groupClusters(fleet: readonly GroupedServer[], graph: ReplicationGraph, options: ClusterOptions): ClusterGroup[] {
  const index = new Map(fleet.map((s, i) => [s.id, i]));
  const parent = fleet.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const union = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    // the lower index stays the root, so a component is keyed by its first server
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  fleet.forEach((s, i) => {
    for (const src of graph.sourcesOf(s.id)) {
      const j = src == null ? undefined : index.get(src);
      if (j !== undefined) union(i, j);
    }
  });
  const labels = options.labels ?? {};
  const labelled = new Map<string, number>();
  fleet.forEach((s, i) => {
    const label = labels[s.id];
    if (label && s.variables != null && !labelled.has(label)) labelled.set(label, i);
  });
  fleet.forEach((s, i) => {
    const label = labels[s.id];
    const home = label ? labelled.get(label) : undefined;
    if (s.variables == null && graph.replicasOf(s.id).length === 0 && home !== undefined && find(i) === i) union(i, home);
  });

  const members = new Map<number, string[]>();
  fleet.forEach((s, i) => {
    const root = find(i);
    const list = members.get(root);
    if (list) list.push(s.id);
    else members.set(root, [s.id]);
  });
  const settings = new Map((options.settings ?? []).map((c) => [c.id, c]));
  const taken = new Set<string>();
  return [...members.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, serverIds]) => {
      const id = clusterIdOf(serverIds, labels, taken);
      taken.add(id);
      const setting = settings.get(id);
      return { id, name: setting?.name ?? id, lagCutoffSeconds: setting?.lagCutoffSeconds ?? options.lagCutoffSeconds, serverIds };
    });
}

/**
 * The label its servers share (the first labelled server's, in config order), else its
 * alphabetically first server id; a name another group took first falls back to the server id.
 */
function clusterIdOf(serverIds: readonly string[], labels: Readonly<Record<string, string | undefined>>, taken: ReadonlySet<string>): string {
  const label = serverIds.map((id) => labels[id]).find((l): l is string => !!l);
  if (label && !taken.has(label)) return label;
  const first = [...serverIds].sort()[0];
  if (!taken.has(first)) return first;
  let n = 2;
  while (taken.has(`${first}-${n}`)) n++;
  return `${first}-${n}`;
}
