import type { AuditEntry } from "@/lib/audit/types";
import { ClampedCode } from "@/components/ui/clamped-code";
import { AuditResultBadge } from "./audit-result-badge";
import { formatUtc } from "@/lib/time";
import { formatParams } from "./format";

export interface AuditEntryCardsProps {
  entries: AuditEntry[];
}

/**
 * The audit trail as compact cards for a phone, newest first, with the table's facts. Test ids end
 * in "-card" so "audit-row" and "audit-table" stay unique when both are in the page.
 */
export function AuditEntryCards({ entries }: AuditEntryCardsProps) {
  if (entries.length === 0) {
    return <p className="py-6 text-center text-sm text-slate-400">No audit entries match these filters.</p>;
  }
  return (
    <ul className="divide-y divide-slate-800/70" data-testid="audit-cards">
      {entries.map((e) => (
        <li key={e.id} data-testid="audit-card" data-result={e.result} data-action={e.action} className="min-w-0 space-y-1 px-3 py-2 text-sm wrap-anywhere">
          <div className="flex items-center gap-2">
            <span className="min-w-0 break-all font-mono text-xs text-slate-200">{e.action}</span>
            {e.serverId && <span className="min-w-0 break-all text-slate-300">on {e.serverId}</span>}
            <span className="ml-auto">
              <AuditResultBadge result={e.result} />
            </span>
          </div>
          <div className="flex flex-wrap gap-x-1.5 text-xs text-slate-400">
            <time dateTime={e.at} className="font-mono">
              {formatUtc(e.at, "second")}
            </time>
            <span>·</span>
            <span className="min-w-0 break-all text-slate-200">{e.actor}</span>
            {e.role && <span>({e.role})</span>}
            <span>·</span>
            <span className="tabular-nums">{e.durationMs} ms</span>
          </div>
          {e.params && <ClampedCode text={formatParams(e.params)} />}
          {e.error && <p className="text-xs break-all text-red-300">{e.error}</p>}
        </li>
      ))}
    </ul>
  );
}
