import { ApiError, withRole } from "@/lib/api";
import { getCollector } from "@/lib/collector";
import { getConfig } from "@/lib/config";

export const dynamic = "force-dynamic";

// GET /api/topology/writer – the writer applications should send writes to
export const GET = withRole("viewer", () => {
  const { writer } = getCollector().topology();
  const server = getConfig().servers.find((s) => s.id === writer);
  if (!server) throw new ApiError("unavailable", "No writer is known right now");
  return Response.json({ id: server.id, host: server.host, port: server.port });
});
