import { ApiError, withRole } from "@/lib/api";
import { currentWriter } from "@/lib/writer";

export const dynamic = "force-dynamic";

// GET /api/topology/writer – the published writer applications send writes to (the discovered one until a failover publishes)
export const GET = withRole("viewer", () => {
  const writer = currentWriter();
  if (!writer) throw new ApiError("unavailable", "No writer is known right now");
  return Response.json({ id: writer.id, host: writer.host, port: writer.port, source: writer.source });
});
