import { z } from "zod";
import { withRole } from "@/lib/api";
import { listDeliveries } from "@/lib/notify";

export const dynamic = "force-dynamic";

const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).optional() });

// GET /api/alerts/deliveries – the latest webhook deliveries with every attempt (never the URL)
export const GET = withRole("operator", { query: querySchema }, async ({ query }) => Response.json({ deliveries: await listDeliveries({ limit: query.limit ?? 50 }) }));
