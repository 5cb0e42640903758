import { z } from "zod";
import { withRole } from "@/lib/api";
import { getCollector, lagSparklines } from "@/lib/collector";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  seconds: z.coerce.number().int("seconds must be a whole number").min(10).max(3600).default(300),
});

// GET /api/history?seconds=N – every server's lag over the window, at most 60 points each (the fleet view's sparklines)
export const GET = withRole("viewer", { query: querySchema }, ({ query: { seconds } }) => {
  const collector = getCollector();
  const now = Date.now();
  const servers = collector.config.servers.map((s) => ({ id: s.id, entries: collector.historyOf(s.id, seconds, now) ?? [] }));
  return Response.json(lagSparklines(servers, seconds, now));
});
