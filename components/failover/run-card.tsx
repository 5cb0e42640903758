import { Badge, type Tone } from "@/components/ui/badge";
import type { FailoverRun, RunStatus } from "@/lib/actions/failover/types";
import { formatUtc } from "@/lib/time";

export const RUN_TONE: Record<RunStatus, Tone> = { running: "info", ok: "ok", failed: "danger", rolled_back: "warn", interrupted: "warn" };

/** How long the switch took, or an ellipsis while it runs. */
export function formatRunTook(run: FailoverRun): string {
  return run.finishedAt ? `${Date.parse(run.finishedAt) - Date.parse(run.startedAt)} ms` : "…";
}

export interface RunCardProps {
  run: FailoverRun;
}

/** One switch as a compact card for a phone; the message the table keeps in a tooltip is shown, as phones cannot hover. */
export function RunCard({ run: r }: RunCardProps) {
  return (
    <li data-testid="failover-run-card" className="space-y-0.5 py-2 text-sm">
      <div className="flex items-center gap-2">
        <span className="font-semibold text-slate-100">
          {r.from ?? "?"} → {r.to}
        </span>
        <Badge tone={RUN_TONE[r.status]}>{r.status.replace("_", " ")}</Badge>
        <span className="ml-auto text-xs text-slate-400">{formatRunTook(r)}</span>
      </div>
      <div className="flex flex-wrap gap-x-1.5 text-xs text-slate-400">
        <span className="font-mono">{formatUtc(r.startedAt, "second")}</span>
        <span>·</span>
        <span className="text-slate-300">{r.actor}</span>
        <span>·</span>
        <span>{r.mode}</span>
      </div>
      {r.message && <p className="text-xs break-words text-slate-400">{r.message}</p>}
    </li>
  );
}
