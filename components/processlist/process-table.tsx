"use client";

import { Badge } from "@/components/ui/badge";
import type { ProcessView } from "@/lib/processlist";
import { FLAG_LABEL, FLAG_TONE, KIND_TONE, flaggedBackground, formatDuration } from "./format";
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
      <table className="w-full text-left text-sm" data-testid="processlist-table">
        <thead className="border-b border-slate-800 text-xs uppercase tracking-wide text-slate-400">
          <tr>
            <th className="px-2 py-1.5">Server</th>
            <th className="px-2 py-1.5">Id</th>
            <th className="px-2 py-1.5">User</th>
            <th className="px-2 py-1.5">Host</th>
            <th className="px-2 py-1.5">Db</th>
            <th className="px-2 py-1.5">Command</th>
            <th className="px-2 py-1.5 text-right">Time</th>
            <th className="px-2 py-1.5">State</th>
            <th className="px-2 py-1.5">Kind</th>
            <th className="px-2 py-1.5">Query</th>
            {canKill && <th className="px-2 py-1.5" aria-label="Actions" />}
          </tr>
        </thead>
        <tbody>
          {processes.map((p) => {
            return (
              <tr
                key={`${p.serverId}:${p.id}`}
                data-testid="process-row"
                data-server={p.serverId}
                data-thread={p.id}
                data-kind={p.kind}
                data-flags={p.flags.join(" ")}
                className={`border-b border-slate-800/70 align-top ${flaggedBackground(p.flags)}`}
              >
                <td className="px-2 py-1 font-medium whitespace-nowrap">{p.serverId}</td>
                <td className="px-2 py-1 font-mono text-xs">{p.id}</td>
                <td className="px-2 py-1 whitespace-nowrap">{p.user}</td>
                <td className="px-2 py-1 font-mono text-xs whitespace-nowrap">{p.host}</td>
                <td className="px-2 py-1">{p.db ?? ""}</td>
                <td className="px-2 py-1 whitespace-nowrap">{p.command}</td>
                <td className="px-2 py-1 text-right font-mono whitespace-nowrap" title={`${p.timeSeconds} s`}>
                  {formatDuration(p.timeSeconds)}
                </td>
                <td className="max-w-[14rem] px-2 py-1 text-xs text-slate-300">{p.state ?? ""}</td>
                <td className="px-2 py-1">
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
                </td>
                <td className="max-w-xl px-2 py-1">
                  <code className="line-clamp-3 text-xs break-all text-slate-200" title={p.info ?? undefined}>
                    {p.info ?? ""}
                  </code>
                  <StatementCut infoLength={p.infoLength} />
                </td>
                {canKill && (
                  <td className="px-2 py-1">
                    {p.kind === "client" && (
                      <button type="button" onClick={() => onKill(p)} className="rounded border border-red-700 px-2 py-0.5 text-xs font-semibold text-red-300 hover:bg-red-950" aria-label={`Kill thread ${p.id} on ${p.serverId}`}>
                        Kill
                      </button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
