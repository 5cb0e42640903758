import { ApiError, withRole } from "@/lib/api";
import { loadTimeline, timelineQuerySchema } from "@/lib/timeline";

export const dynamic = "force-dynamic";

const DAY_MS = 24 * 3600_000;

// GET /api/timeline?since=&until= – alerts, actions and incident updates in one stream, oldest first
export const GET = withRole("viewer", { query: timelineQuerySchema }, async ({ query }) => {
  const until = query.until ? new Date(query.until) : new Date();
  const since = query.since ? new Date(query.since) : new Date(until.getTime() - DAY_MS);
  if (since >= until) throw new ApiError("bad_request", "query.since: must be before until");
  if (until.getTime() - since.getTime() > 31 * DAY_MS) throw new ApiError("bad_request", "query: at most 31 days at once");
  return Response.json({ since: since.toISOString(), until: until.toISOString(), entries: await loadTimeline(since, until) });
});
