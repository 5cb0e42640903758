import { withRole } from "@/lib/api";
import { auditQuerySchema, auditToCsv, listAudit } from "@/lib/audit";

export const dynamic = "force-dynamic";

// GET /api/audit – audit entries, newest first; filters user, server, action, result, since, until,
// limit; ?format=csv or ?format=json downloads them as a file
export const GET = withRole("operator", { query: auditQuerySchema }, async ({ query }) => {
  const { format, ...filters } = query;
  const entries = await listAudit(filters);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (format === "csv") {
    headers["Content-Type"] = "text/csv; charset=utf-8";
    headers["Content-Disposition"] = `attachment; filename="hotseat-audit-${stamp}.csv"`;
    return new Response(auditToCsv(entries), { headers });
  }
  if (format === "json") headers["Content-Disposition"] = `attachment; filename="hotseat-audit-${stamp}.json"`;
  return Response.json({ entries }, { headers });
});
