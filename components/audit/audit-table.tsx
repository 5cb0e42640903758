import { Table, TableHead, Td, Th, Tr } from "@/components/ui/table";
import type { AuditEntry } from "@/lib/audit/types";
import { formatUtc } from "@/lib/time";
import { AuditResultBadge } from "./audit-result-badge";
import { formatParams } from "./format";

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
      <Table data-testid="audit-table">
        <TableHead>
          <Th>Time (UTC)</Th>
          <Th>User</Th>
          <Th>Role</Th>
          <Th>Action</Th>
          <Th>Server</Th>
          <Th>Result</Th>
          <Th className="text-right">ms</Th>
          <Th>Parameters</Th>
          <Th>Error</Th>
        </TableHead>
        <tbody>
          {entries.map((e) => (
            <Tr key={e.id} data-testid="audit-row" data-result={e.result} data-action={e.action} className="align-top">
              <Td className="whitespace-nowrap font-mono text-xs text-slate-300">
                <time dateTime={e.at}>{formatUtc(e.at, "second")}</time>
              </Td>
              <Td className="text-slate-100">{e.actor}</Td>
              <Td className="text-slate-400">{e.role ?? "-"}</Td>
              <Td className="font-mono text-xs text-slate-200">{e.action}</Td>
              <Td className="text-slate-300">{e.serverId ?? "-"}</Td>
              <Td>
                <AuditResultBadge result={e.result} />
              </Td>
              <Td className="text-right tabular-nums text-slate-400">{e.durationMs}</Td>
              <Td className="max-w-xs truncate font-mono text-xs text-slate-400" title={formatParams(e.params)}>
                {formatParams(e.params)}
              </Td>
              <Td className="max-w-xs text-xs text-red-300">{e.error ?? ""}</Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}
