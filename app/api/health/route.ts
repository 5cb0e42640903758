import { withRole } from "@/lib/api";

export const dynamic = "force-dynamic";

// GET /api/health – the dashboard process is up (for load balancers and uptime checks)
export const GET = withRole("public", () => Response.json({ ok: true }));
