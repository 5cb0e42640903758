import { z } from "zod";
import { ApiError, withRole } from "@/lib/api";
import { getCollector } from "@/lib/collector";
import { statementReaderFor, writersQuerySchema, writersView } from "@/lib/processlist";

export const dynamic = "force-dynamic";

// GET /api/servers/{id}/writers – writes/s by statement kind beside lag, and the statements writing most
export const GET = withRole("viewer", { query: writersQuerySchema, params: z.object({ id: z.string() }) }, ({ params, query, caller }) => {
  const view = writersView(getCollector(), params.id, query, statementReaderFor(caller));
  if (!view) throw new ApiError("not_found", `Unknown server "${params.id}"`);
  return Response.json(view);
});
