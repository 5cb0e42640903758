"use client";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ClampedCode } from "@/components/ui/clamped-code";
import type { ProcessView } from "@/lib/processlist";
import { formatDuration } from "@/lib/time";
import { FLAG_LABEL, FLAG_TONE, KIND_TONE, flaggedBackground } from "./format";
import { StatementCut } from "./statement-cut";

export interface ProcessCardListProps {
  processes: ProcessView[];
  /** Show the Kill button (operators); only client threads get one. */
  canKill: boolean;
  onKill: (p: ProcessView) => void;
}

export interface ProcessCardProps {
  process: ProcessView;
  canKill: boolean;
  onKill: (p: ProcessView) => void;
}

/**
 * One thread as a compact card, for a phone where the table's ten columns do not fit. Test ids
 * end in "-card" so the table's ids stay unique when both are in the page.
 */
export function ProcessCard({ process: p, canKill, onKill }: ProcessCardProps) {
  const long = p.flags.includes("long_running");
  return (
    <li
      data-testid="process-card"
      data-server={p.serverId}
      data-thread={p.id}
      data-kind={p.kind}
      data-flags={p.flags.join(" ")}
      className={`space-y-1 px-3 py-2 ${flaggedBackground(p.flags)}`}
    >
      <div className="flex min-w-0 items-baseline gap-1.5 text-sm">
        <span className="font-semibold text-slate-100">{p.serverId}</span>
        <span className="text-slate-600">·</span>
        <span className="font-mono text-xs text-slate-300">#{p.id}</span>
        <span className="text-slate-600">·</span>
        <span className="min-w-0 truncate font-mono text-xs text-slate-300" title={`${p.user}@${p.host}`}>
          {p.user}@{p.host}
        </span>
      </div>
      <div className="flex flex-wrap items-center gap-x-1.5 gap-y-1 text-xs">
        <span className="text-slate-200">{p.command}</span>
        <span className={`font-mono ${long ? "font-semibold text-red-300" : "text-slate-300"}`} title={`${p.timeSeconds} s`}>
          {formatDuration(p.timeSeconds * 1000, { pad: false })}
        </span>
        {p.state && <span className="text-slate-400">{p.state}</span>}
        {p.db && <span className="text-slate-500">in {p.db}</span>}
      </div>
      <div className="flex flex-wrap items-center gap-1">
        <Badge tone={KIND_TONE[p.kind]}>{p.kind}</Badge>
        {p.flags.map((f) => (
          <Badge key={f} tone={FLAG_TONE[f]} data-flag={f}>
            {FLAG_LABEL[f]}
          </Badge>
        ))}
        {p.role && p.kind !== "self" && <span className="text-xs text-slate-400">{p.role}</span>}
        {canKill && p.kind === "client" && (
          <Button variant="danger" className="ml-auto" onClick={() => onKill(p)} aria-label={`Kill thread ${p.id} on ${p.serverId}`}>
            Kill
          </Button>
        )}
      </div>
      {p.info && <ClampedCode text={p.info} testId="process-query-card" />}
      <StatementCut infoLength={p.infoLength} testId="process-query-cut-card" />
    </li>
  );
}

/** Every thread as a card, longest first, as the table orders them. */
export function ProcessCardList({ processes, canKill, onKill }: ProcessCardListProps) {
  if (processes.length === 0) {
    return <p className="px-3 py-6 text-center text-sm text-slate-400" data-testid="processlist-empty-card">No threads match.</p>;
  }
  return (
    <ul className="divide-y divide-slate-800/70" data-testid="processlist-cards">
      {processes.map((p) => (
        <ProcessCard key={`${p.serverId}:${p.id}`} process={p} canKill={canKill} onKill={onKill} />
      ))}
    </ul>
  );
}
