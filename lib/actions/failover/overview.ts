/** GET /api/failover: what the Failover page shows, built once for the route. */
import { rankCandidates, replicationGraph } from "@/lib/topology";
import { currentWriter } from "@/lib/writer";
import { failoverContext, type FailoverDeps } from "./deps";
import { fenceProgress, pendingFences } from "./fence";
import type { FailoverRun } from "./types";
import { listRuns } from "./runs";

/** How long the dashboard keeps saying that a switch was interrupted and recovered. */
const INTERRUPTED_NOTICE_MS = 24 * 3600_000;

/**
 * The published writer, who may take over from it (the plan's ranking, on the collector's last
 * poll), the run in flight, the last run when its console died mid-switch (with what recovery
 * did), the fences still trying, and the recent runs.
 */
export function failoverOverview(limit: number, deps: FailoverDeps = {}) {
  const { config, collector, db } = failoverContext(deps);
  const writer = currentWriter({ config, db, ...(collector ? {} : { discovered: null }) });
  const fleet = collector?.snapshot().servers ?? [];
  const runs = listRuns(limit, db);
  const last = runs[0];
  const recent = (r: FailoverRun) => Date.now() - Date.parse(r.finishedAt ?? r.startedAt) < INTERRUPTED_NOTICE_MS;
  return {
    writer,
    candidates: rankCandidates(
      config.servers.map((s) => ({ id: s.id, promotion: s.promotion })),
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

export type FailoverOverview = ReturnType<typeof failoverOverview>;
