import { listRuns } from "@/lib/actions/failover/runs";
import { episodesBetween } from "@/lib/alerts/episodes";
import { listAudit } from "@/lib/audit";
import { listIncidents } from "@/lib/incidents/records";
import { store, type Store } from "@/lib/store";
import { mergeTimeline } from "./merge";
import type { TimelineEntry } from "./types";

/** The merged stream of [since, until), oldest first. */
export async function loadTimeline(since: Date, until: Date, db?: Store): Promise<TimelineEntry[]> {
  const d = db ?? (await store());
  const [incidents, episodes, audit, runs] = await Promise.all([
    listIncidents({ limit: 500 }, d),
    episodesBetween(since, until, d),
    listAudit({ since, until, limit: 10_000 }, d),
    listRuns(200, d),
  ]);
  return mergeTimeline(
    {
      episodes,
      audit,
      incidents: incidents.filter((i) => i.updates.some((u) => u.createdAt >= since.toISOString() && u.createdAt < until.toISOString())),
      failoverRuns: runs.filter((r) => r.startedAt < until.toISOString() && (r.finishedAt ?? r.startedAt) >= since.toISOString()),
    },
    since,
    until,
  );
}
