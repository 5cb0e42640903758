/**
 * A large fleet as plain samples, for the page-size and render benchmarks: `clusters` clusters of
 * `perCluster` servers, each a writer ⇄ co-master pair with the rest replicas of the writer (the
 * last one chained off the first replica), no processlist (what a quiet fleet sends).
 */
import type { FleetSnapshot, ServerSample } from "@/lib/collector/types";
import { channel, NOW, sample, variables } from "@/lib/topology/fixtures";

export interface BigFleet {
  snapshot: FleetSnapshot;
  clusterLabels: Record<string, string>;
}

const CLUSTER_NAMES = ["shop", "auth", "analytics", "search", "billing", "cms", "mail", "ledger", "media", "geo"];

export function bigFleet(clusters = 10, perCluster = 10): BigFleet {
  const servers: ServerSample[] = [];
  const clusterLabels: Record<string, string> = {};
  let n = 0;
  for (let c = 0; c < clusters; c++) {
    const label = CLUSTER_NAMES[c] ?? `cluster${c + 1}`;
    const base = n + 1;
    for (let i = 0; i < perCluster; i++) {
      n++;
      const id = `${label}-db${i + 1}`;
      const writer = i === 0;
      const source = i === 1 ? base : i === 0 ? base + 1 : i === perCluster - 1 && perCluster > 3 ? base + 2 : base;
      // Every sample is 127.0.0.1 on its own port, as the fixtures' channels name their sources.
      const s = sample(id, n, {
        variables: variables(n, !writer),
        replication: perCluster > 1 ? [channel(33060 + source, source, { secondsBehindSource: i % 3 })] : [],
        heartbeats: [{ serverId: base, ageSeconds: writer ? 0.4 : 0.4 + (i % 4) * 0.3 }],
        status: { uptimeSeconds: 86_400, questions: 1_000_000 + n, comInsert: 10, comUpdate: 5, comDelete: 1, comReplace: 0, threadsRunning: 1 + (i % 3), threadsConnected: 20 + i },
      });
      servers.push(s);
      clusterLabels[id] = label;
    }
  }
  return { snapshot: { generatedAt: NOW, lagCutoffSeconds: 30, pollIntervalMs: 1000, servers }, clusterLabels };
}
