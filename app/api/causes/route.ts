import { withRole } from "@/lib/api";
import { getCollector } from "@/lib/collector";
import { getConfig } from "@/lib/config";
import { causeView, statementReaderFor } from "@/lib/processlist";

export const dynamic = "force-dynamic";

// GET /api/causes – why each lagging replica is behind (what it applies, who writes most on its source) and each problem's action link
export const GET = withRole("viewer", ({ caller }) => {
  const collector = getCollector();
  const snapshot = collector.snapshot();
  return Response.json(
    causeView({
      snapshot,
      topology: collector.topology(snapshot.generatedAt),
      writersOf: (id, by, limit) => collector.writersOf(id, by, limit),
      longQuerySeconds: getConfig().processlist.longQuerySeconds,
      read: statementReaderFor(caller),
    }),
  );
});
