import { ApiError, withRole } from "@/lib/api";
import { getCollector } from "@/lib/collector";
import { incidentParamsSchema, incidentReport } from "@/lib/incidents";

export const dynamic = "force-dynamic";

// GET /api/incidents/{id}/report.md – the battle report: the incident as Markdown, for the postmortem
export const GET = withRole("viewer", { params: incidentParamsSchema }, async ({ params }) => {
  const markdown = await incidentReport(params.id, getCollector());
  if (markdown == null) throw new ApiError("not_found", `No incident ${params.id}`);
  return new Response(markdown, {
    headers: {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": `attachment; filename="incident-${params.id}-report.md"`,
      "cache-control": "no-store",
    },
  });
});
