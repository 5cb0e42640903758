"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableHead, Td, Th, Tr } from "@/components/ui/table";
import type { ProcessView } from "@/lib/processlist";
import { formatDuration } from "@/lib/time";
import { FLAG_LABEL, FLAG_TONE, KIND_TONE, flaggedBackground } from "./format";
import { StatementCut } from "./statement-cut";

export interface ProcessTableProps {
  processes: ProcessView[];
  /** Show the Kill button (operators); only client threads get one. */
  canKill: boolean;
  onKill: (p: ProcessView) => void;
}

/** Every thread in one table, longest first; flagged rows stand out. */
export function ProcessTable({ processes, canKill, onKill }: ProcessTableProps) {
  if (processes.length === 0) {
    return <p className="px-3 py-6 text-center text-sm text-slate-400" data-testid="processlist-empty">No threads match.</p>;
  }
  return (
    <div className="overflow-x-auto">
      <Table data-testid="processlist-table">
        <TableHead className="uppercase tracking-wide">
            <Th>Server</Th>
            <Th>Id</Th>
            <Th>User</Th>
            <Th>Host</Th>
            <Th>Db</Th>
            <Th>Command</Th>
            <Th className="text-right">Time</Th>
            <Th>State</Th>
            <Th>Kind</Th>
            <Th>Query</Th>
            {canKill && <Th aria-label="Actions" />}
        </TableHead>
        <tbody>
          {processes.map((p) => {
            return (
              <Tr
                key={`${p.serverId}:${p.id}`}
                data-testid="process-row"
                data-server={p.serverId}
                data-thread={p.id}
                data-kind={p.kind}
                data-flags={p.flags.join(" ")}
                className={`align-top ${flaggedBackground(p.flags)}`}
              >
                <Td className="font-medium whitespace-nowrap">{p.serverId}</Td>
                <Td className="font-mono text-xs">{p.id}</Td>
                <Td className="whitespace-nowrap">{p.user}</Td>
                <Td className="font-mono text-xs whitespace-nowrap">{p.host}</Td>
                <Td>{p.db ?? ""}</Td>
                <Td className="whitespace-nowrap">{p.command}</Td>
                <Td className="text-right font-mono whitespace-nowrap" title={`${p.timeSeconds} s`}>
                  {formatDuration(p.timeSeconds * 1000, { pad: false })}
                </Td>
                <Td className="max-w-[14rem] text-xs text-slate-300">{p.state ?? ""}</Td>
                <Td>
                  <div className="flex flex-wrap gap-1">
                    <Badge tone={KIND_TONE[p.kind]} title={p.role ?? undefined}>
                      {p.kind}
                    </Badge>
                    {p.flags.map((f) => (
                      <Badge key={f} tone={FLAG_TONE[f]} data-flag={f}>
                        {FLAG_LABEL[f]}
                      </Badge>
                    ))}
                  </div>
                  {p.role && p.kind !== "self" && <div className="mt-0.5 text-xs text-slate-400">{p.role}</div>}
                </Td>
                <Td className="max-w-xl">
                  <code className="line-clamp-3 text-xs break-all text-slate-200" title={p.info ?? undefined}>
                    {p.info ?? ""}
                  </code>
                  <StatementCut infoLength={p.infoLength} />
                </Td>
                {canKill && (
                  <Td>
                    {p.kind === "client" && (
                      <Button variant="danger" size="sm" onClick={() => onKill(p)} aria-label={`Kill thread ${p.id} on ${p.serverId}`}>
                        Kill
                      </Button>
                    )}
                  </Td>
                )}
              </Tr>
            );
          })}
        </tbody>
      </Table>
    </div>
  );
}
