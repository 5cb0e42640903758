import { withRole } from "@/lib/api";
import { instanceName, isLeader } from "@/lib/leader";

export const dynamic = "force-dynamic";

// GET /api/health – the console process is up (for load balancers and uptime checks), which
// console it is and whether it leads (two consoles on one PostgreSQL store: one does).
export const GET = withRole("public", () => Response.json({ ok: true, instance: instanceName(), leader: isLeader() }));
