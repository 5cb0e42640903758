import { withRole } from "@/lib/api";
import { appTierView } from "@/lib/appservers";

export const dynamic = "force-dynamic";

// GET /api/app-servers – php-fpm workers and queue, nginx connections, health of every app server, and the causal line; from memory
export const GET = withRole("viewer", () => Response.json(appTierView()));
