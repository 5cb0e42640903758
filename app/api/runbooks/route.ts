import { withRole } from "@/lib/api";
import { listRunbooks, RUNBOOK_FOR_CODE } from "@/lib/runbooks";

export const dynamic = "force-dynamic";

// GET /api/runbooks – every runbook and which problem or alert codes link to it
export const GET = withRole("viewer", async () => Response.json({ runbooks: await listRunbooks(), codes: RUNBOOK_FOR_CODE }));
