import { formatDayClock } from "@/lib/time";
import type { TimelineEntry } from "@/lib/timeline/types";
import { Badge, type Tone } from "@/components/ui/badge";

export interface TimelineListProps {
  entries: readonly TimelineEntry[];
}

const KIND_WORDS: Record<TimelineEntry["kind"], string> = {
  "alert.firing": "alert",
  "alert.resolved": "resolved",
  action: "action",
  "failover.step": "failover",
  "incident.opened": "incident",
  "incident.update": "update",
};

function toneOf(e: TimelineEntry): Tone {
  if (e.kind === "alert.firing") return e.tag === "critical" ? "danger" : "warn";
  if (e.kind === "alert.resolved") return "ok";
  if (e.kind === "action" || e.kind === "failover.step") return e.tag === "ok" ? "info" : e.tag === "refused" || e.tag === "warning" || e.tag === "skipped" ? "warn" : e.tag === "running" ? "neutral" : "danger";
  return "accent";
}

/** The merged stream, oldest first, times in UTC: what happened, who did it. */
export function TimelineList({ entries }: TimelineListProps) {
  if (entries.length === 0) return <p className="text-sm text-slate-400" data-testid="timeline-empty">Nothing happened in this window.</p>;
  return (
    <ol className="divide-y divide-slate-800 rounded-md border border-slate-800 bg-slate-900/60" data-testid="timeline">
      {entries.map((e) => (
        <li key={e.id} className="flex flex-wrap items-start gap-x-2 gap-y-0.5 px-3 py-1.5 text-sm" data-testid="timeline-entry" data-kind={e.kind}>
          <time dateTime={e.at} className="w-32 shrink-0 font-mono text-xs text-slate-400 sm:w-40" title={e.at}>
            {formatDayClock(e.at)}
          </time>
          <Badge tone={toneOf(e)} className="shrink-0">
            {KIND_WORDS[e.kind]}
          </Badge>
          <span className="min-w-0 flex-1 break-words text-slate-100">
            {e.title}
            {e.mitigation && <span className="ml-1 text-xs text-sky-300">(mitigation)</span>}
            {e.detail && <span className="block text-xs break-words text-slate-400">{e.detail}</span>}
          </span>
          {e.actor !== "hotseat" && <span className="text-xs text-slate-400">{e.actor}</span>}
        </li>
      ))}
    </ol>
  );
}
