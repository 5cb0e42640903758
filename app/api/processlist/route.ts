import { ApiError, withRole } from "@/lib/api";
import { getCollector } from "@/lib/collector";
import { getConfig } from "@/lib/config";
import { processlistQuerySchema, processlistView, statementReaderFor } from "@/lib/processlist";

export const dynamic = "force-dynamic";

// GET /api/processlist?server=&user=&host=&db=&command=&minTime=&text=&kind= – every server's threads, classified, longest first
export const GET = withRole("viewer", { query: processlistQuerySchema }, ({ query, caller }) => {
  const collector = getCollector();
  if (query.server !== undefined && !collector.hasServer(query.server)) {
    throw new ApiError("not_found", `Unknown server "${query.server}"`);
  }
  const snapshot = collector.snapshot();
  return Response.json(
    processlistView({
      snapshot,
      replication: collector.topology(snapshot.generatedAt).servers.map((v) => v.replication),
      filters: query,
      longQuerySeconds: getConfig().processlist.longQuerySeconds,
      read: statementReaderFor(caller),
    }),
  );
});
