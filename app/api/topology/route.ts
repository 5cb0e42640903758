import { withRole } from "@/lib/api";
import { getCollector } from "@/lib/collector";

export const dynamic = "force-dynamic";

// GET /api/topology – roles, lag, health and problems of every server, from the collector's memory
export const GET = withRole("viewer", () => Response.json(getCollector().topology()));
