/** GET /api/failover: what the Failover page shows, built once for the route. */
import { ApiError } from "@/lib/errors";
import { rankCandidates, replicationGraph } from "@/lib/topology";
import { currentWriter } from "@/lib/writer";
import { failoverContext, type FailoverDeps } from "./deps";
import { fenceProgress, pendingFences } from "./fence";
import type { FailoverRun } from "./types";
import { listRuns } from "./runs";

/** How long the dashboard keeps saying that a switch was interrupted and recovered. */
const INTERRUPTED_NOTICE_MS = 24 * 3600_000;

/**
 * For one cluster (the first without `clusterId`): its published writer, who may take over from it
 * (the plan's ranking, on the collector's last poll, among its servers), the run in flight, the
 * last run when its console died mid-switch (with what recovery did), the fences still trying,
 * the recent runs, and every cluster to choose from.
 */
export async function failoverOverview(limit: number, deps: FailoverDeps = {}, clusterId?: string) {
  const { config, collector, db } = await failoverContext(deps);
  const clusters = collector?.topology().clusters ?? [];
  const cluster = clusterId ? clusters.find((c) => c.id === clusterId) : clusters[0];
  if (clusterId && !cluster) throw new ApiError("not_found", `Unknown cluster "${clusterId}"`);
  const writer = await currentWriter({ config, db, ...(cluster ? { cluster } : { discovered: null }) });
  const fleet = collector?.snapshot().servers ?? [];
  const members = cluster ? new Set(cluster.serverIds) : null;
  const runs = await listRuns(limit, db);
  const last = runs[0];
  const recent = (r: FailoverRun) => Date.now() - Date.parse(r.finishedAt ?? r.startedAt) < INTERRUPTED_NOTICE_MS;
  return {
    writer,
    cluster: cluster?.id ?? null,
    clusters: clusters.map((c) => ({ id: c.id, name: c.name, writer: c.writer })),
    candidates: rankCandidates(
      config.servers.filter((s) => !members || members.has(s.id)).map((s) => ({ id: s.id, promotion: s.promotion })),
      replicationGraph(fleet),
      writer?.id ?? null,
    ),
    running: runs.find((r) => r.status === "running") ?? null,
    interrupted: last?.status === "interrupted" && recent(last) ? last : null,
    fencing: pendingFences(),
    fences: fenceProgress(),
    runs,
  };
}

export type FailoverOverview = Awaited<ReturnType<typeof failoverOverview>>;
