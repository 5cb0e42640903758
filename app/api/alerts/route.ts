import { withRole } from "@/lib/api";
import { alertsOverview } from "@/lib/alerts";

export const dynamic = "force-dynamic";

// GET /api/alerts – the rules in force, alerts firing now, recent episodes, webhooks (their host only)
export const GET = withRole("viewer", async () => Response.json(await alertsOverview()));
