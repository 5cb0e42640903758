/** GET /api/failover: what the Failover page shows, built once for the route. */
import { rankCandidates, replicationGraph } from "@/lib/topology";
import { currentWriter } from "@/lib/writer";
import { failoverContext, type FailoverDeps } from "./deps";
import { pendingFences } from "./fence";
import { listRuns } from "./runs";

/**
 * The published writer, who may take over from it (the plan's ranking, on the collector's last
 * poll), the run in flight, the fences still trying, and the recent runs.
 */
export function failoverOverview(limit: number, deps: FailoverDeps = {}) {
  const { config, collector, db } = failoverContext(deps);
  const writer = currentWriter({ config, db, ...(collector ? {} : { discovered: null }) });
  const fleet = collector?.snapshot().servers ?? [];
  const runs = listRuns(limit, db);
  return {
    writer,
    candidates: rankCandidates(
      config.servers.map((s) => ({ id: s.id, promotion: s.promotion })),
      replicationGraph(fleet),
      writer?.id ?? null,
    ),
    running: runs.find((r) => r.status === "running") ?? null,
    fencing: pendingFences(),
    runs,
  };
}

export type FailoverOverview = ReturnType<typeof failoverOverview>;
