import { Badge, type Tone } from "@/components/ui/badge";
import type { FailoverStep, StepStatus } from "@/lib/actions/failover/types";

export interface StepListProps {
  steps: FailoverStep[];
}

const TONE: Record<StepStatus, Tone> = { running: "info", ok: "ok", failed: "danger", skipped: "neutral", warning: "warn" };

/** The steps of a switch as they run: status, time taken, what happened. */
export function StepList({ steps }: StepListProps) {
  if (!steps.length) return <p className="text-sm text-slate-400">No step has started yet.</p>;
  return (
    <ol className="space-y-1" data-testid="failover-steps">
      {steps.map((s, i) => (
        <li key={`${s.name}-${i}`} className="flex gap-3 text-sm" data-testid={`step-${s.name}`} data-status={s.status}>
          <span className="w-5 text-right text-slate-500">{i + 1}.</span>
          <Badge tone={TONE[s.status]} className="w-20 shrink-0 justify-center">
            {s.status}
          </Badge>
          <div className="min-w-0 flex-1">
            <div className="text-slate-100">
              {s.label}
              {s.durationMs != null && <span className="ml-2 text-xs text-slate-500">{s.durationMs} ms</span>}
            </div>
            {s.detail && <div className="text-slate-400">{s.detail}</div>}
          </div>
        </li>
      ))}
    </ol>
  );
}
