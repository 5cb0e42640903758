import { z } from "zod";
import { ApiError, withRole } from "@/lib/api";
import { getCollector } from "@/lib/collector";
import { currentWriter } from "@/lib/writer";

export const dynamic = "force-dynamic";

const writerQuerySchema = z.object({ cluster: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a cluster id").optional() }).strict();

// GET /api/topology/writer[?cluster=ID] – the published writer applications send writes to (the discovered one until a failover publishes); the first cluster's without `cluster`
export const GET = withRole("viewer", { query: writerQuerySchema }, async ({ query }) => {
  const clusters = getCollector().topology().clusters;
  const cluster = query.cluster ? clusters.find((c) => c.id === query.cluster) : clusters[0];
  if (!cluster) throw new ApiError("not_found", `Unknown cluster "${query.cluster}"`);
  const writer = await currentWriter({ cluster });
  if (!writer) throw new ApiError("unavailable", `No writer is known right now${clusters.length > 1 ? ` in ${cluster.id}` : ""}`);
  return Response.json({ id: writer.id, host: writer.host, port: writer.port, source: writer.source, cluster: cluster.id });
});
