import { listRuns } from "@/lib/actions/failover/runs";
import { episodesBetween } from "@/lib/alerts/episodes";
import { listAudit } from "@/lib/audit";
import { listIncidents } from "@/lib/incidents/records";
import { getStore, type StoreDb } from "@/lib/store";
import { mergeTimeline } from "./merge";
import type { TimelineEntry } from "./types";

/** The merged stream of [since, until), oldest first. */
export async function loadTimeline(since: Date, until: Date, db: StoreDb = getStore()): Promise<TimelineEntry[]> {
  const incidents = listIncidents({ limit: 500 }, db).filter((i) => i.updates.some((u) => u.createdAt >= since.toISOString() && u.createdAt < until.toISOString()));
  return mergeTimeline(
    {
      episodes: episodesBetween(since, until, db),
      audit: listAudit({ since, until, limit: 10_000 }, db),
      incidents,
      // TRANSITION: db once this module takes a Store
      failoverRuns: (await listRuns(200)).filter((r) => r.startedAt < until.toISOString() && (r.finishedAt ?? r.startedAt) >= since.toISOString()),
    },
    since,
    until,
  );
}
