import { ApiError, withRole } from "@/lib/api";
import { getRunbook, resetRunbook, runbookBodySchema, runbookParamsSchema, saveRunbook } from "@/lib/runbooks";

export const dynamic = "force-dynamic";

// GET /api/runbooks/{slug} – one runbook (Markdown)
export const GET = withRole("viewer", { params: runbookParamsSchema }, async ({ params }) => {
  const runbook = await getRunbook(params.slug);
  if (!runbook) throw new ApiError("not_found", `No runbook ${params.slug}`);
  return Response.json({ runbook });
});

// PUT /api/runbooks/{slug} – save an admin's version of a runbook (or a new one)
export const PUT = withRole(
  "admin",
  { params: runbookParamsSchema, body: runbookBodySchema, audit: { action: "runbook.save", serverId: () => null } },
  async ({ params, body, caller }) => Response.json({ runbook: await saveRunbook(params.slug, body, caller!.name) }),
);

// DELETE /api/runbooks/{slug} – drop the admin's version: a shipped runbook returns to its default
export const DELETE = withRole("admin", { params: runbookParamsSchema, audit: { action: "runbook.reset", serverId: () => null } }, async ({ params }) => {
  if (!(await getRunbook(params.slug))) throw new ApiError("not_found", `No runbook ${params.slug}`);
  return Response.json({ runbook: await resetRunbook(params.slug) });
});
