import type { AuditEntry } from "@/lib/audit/types";
import { AuditResultBadge } from "./audit-result-badge";
import { formatAuditTime, formatParams } from "./format";

export interface AuditTableProps {
  entries: AuditEntry[];
}

/** The audit trail, newest first. Times in UTC, the same as the export. */
export function AuditTable({ entries }: AuditTableProps) {
  if (entries.length === 0) {
    return <p className="py-6 text-center text-sm text-slate-400">No audit entries match these filters.</p>;
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="audit-table">
        <thead className="border-b border-slate-800 text-xs uppercase tracking-wide text-slate-400">
          <tr>
            <th className="px-2 py-2 font-medium">Time (UTC)</th>
            <th className="px-2 py-2 font-medium">User</th>
            <th className="px-2 py-2 font-medium">Role</th>
            <th className="px-2 py-2 font-medium">Action</th>
            <th className="px-2 py-2 font-medium">Server</th>
            <th className="px-2 py-2 font-medium">Result</th>
            <th className="px-2 py-2 text-right font-medium">ms</th>
            <th className="px-2 py-2 font-medium">Parameters</th>
            <th className="px-2 py-2 font-medium">Error</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-800/70">
          {entries.map((e) => (
            <tr key={e.id} data-testid="audit-row" data-result={e.result} data-action={e.action} className="align-top">
              <td className="whitespace-nowrap px-2 py-1.5 font-mono text-xs text-slate-300">
                <time dateTime={e.at}>{formatAuditTime(e.at)}</time>
              </td>
              <td className="px-2 py-1.5 text-slate-100">{e.actor}</td>
              <td className="px-2 py-1.5 text-slate-400">{e.role ?? "-"}</td>
              <td className="px-2 py-1.5 font-mono text-xs text-slate-200">{e.action}</td>
              <td className="px-2 py-1.5 text-slate-300">{e.serverId ?? "-"}</td>
              <td className="px-2 py-1.5">
                <AuditResultBadge result={e.result} />
              </td>
              <td className="px-2 py-1.5 text-right tabular-nums text-slate-400">{e.durationMs}</td>
              <td className="max-w-xs truncate px-2 py-1.5 font-mono text-xs text-slate-400" title={formatParams(e.params)}>
                {formatParams(e.params)}
              </td>
              <td className="max-w-xs px-2 py-1.5 text-xs text-red-300">{e.error ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
