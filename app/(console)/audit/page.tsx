import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuditEntryCards } from "@/components/audit/audit-entry-cards";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { Banner } from "@/components/ui/banner";
import { Card } from "@/components/ui/card";
import { buttonClasses } from "@/components/ui/button";
import { auditFacets, auditQuerySchema, listAudit, withoutEmpty } from "@/lib/audit";
import { hasRole } from "@/lib/auth";
import { currentCaller } from "@/lib/auth/server";
import { formatIssues } from "@/lib/errors";

export const metadata: Metadata = { title: "Audit" };
export const dynamic = "force-dynamic";

const PAGE_ROWS = 500;

interface AuditPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

// GET /audit – who did what to which server, when, and how it ended; filter and export
export default async function AuditPage({ searchParams }: AuditPageProps) {
  const caller = await currentCaller();
  if (!caller) redirect("/login?callbackUrl=/audit");
  if (!hasRole(caller, "operator")) {
    return (
      <Banner tone="warn" data-testid="audit-forbidden">
        The audit log needs the operator role; you are signed in as {caller.role}.
      </Banner>
    );
  }

  const raw = withoutEmpty(await searchParams);
  const parsed = auditQuerySchema.safeParse(raw);
  const { format: _format, ...filters } = parsed.success ? parsed.data : {};
  void _format;
  const [entries, facets] = await Promise.all([parsed.success ? listAudit({ ...filters, limit: filters.limit ?? PAGE_ROWS }) : [], auditFacets()]);
  const exportQuery = new URLSearchParams(Object.entries(raw).filter(([k]) => k !== "format" && k !== "limit"));
  const exportHref = (format: "csv" | "json") => {
    const q = new URLSearchParams(exportQuery);
    q.set("format", format);
    q.set("limit", "10000");
    return `/api/audit?${q.toString()}`;
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold text-slate-100">Audit log</h1>
        <div className="ml-auto flex gap-2 text-sm">
          <a href={exportHref("csv")} className={buttonClasses("secondary", "md")} download>
            Export CSV
          </a>
          <a href={exportHref("json")} className={buttonClasses("secondary", "md")} download>
            Export JSON
          </a>
        </div>
      </div>
      <Card>
        <AuditFilters values={raw} facets={facets} />
      </Card>
      {!parsed.success && (
        <Banner tone="warn">
          Invalid filter: {formatIssues(parsed.error.issues)}
        </Banner>
      )}
      <Card flush>
        {/* The table from 640 px, cards on a phone; the table first so desktop text locators find it. */}
        <div className="hidden sm:block">
          <AuditTable entries={entries} />
        </div>
        <div className="sm:hidden">
          <AuditEntryCards entries={entries} />
        </div>
        {entries.length === (filters.limit ?? PAGE_ROWS) && (
          <p className="border-t border-slate-800 px-3 py-2 text-xs text-slate-400">
            Showing the newest {entries.length} entries; narrow the filters or export to see more.
          </p>
        )}
      </Card>
    </div>
  );
}
