import { Badge } from "@/components/ui/badge";
import type { FailoverCheck } from "@/lib/actions/failover/types";

export interface CheckListProps {
  checks: FailoverCheck[];
}

const LABELS: Record<string, string> = {
  writer_known: "Writer known",
  not_already_writer: "Not already the writer",
  promotion_allowed: "Promotion allowed",
  co_master: "Master-master partner of the writer",
  candidate_reachable: "Candidate reachable",
  candidate_replication: "Replication threads",
  candidate_applied_received: "Applied what it received",
  candidate_behind_writer: "Behind the writer",
  candidate_binlog: "Binary log",
  old_writer_reachable: "Old writer",
  flap_window: "Anti-flapping window",
  data_loss_acknowledged: "Possible data loss",
  replicas: "Plain replicas",
};

/** Every check of a plan with its result in words; failed blocking checks stand out. */
export function CheckList({ checks }: CheckListProps) {
  return (
    <ul className="divide-y divide-slate-800" data-testid="failover-checks">
      {checks.map((c) => {
        const tone = c.ok ? "ok" : c.blocking ? (c.acknowledgeable ? "warn" : "danger") : "info";
        const word = c.ok ? "ok" : c.blocking ? (c.acknowledgeable ? "acknowledge" : "refused") : "note";
        return (
          <li key={c.name} className="flex gap-3 py-1.5 text-sm" data-testid={`check-${c.name}`} data-ok={c.ok}>
            <Badge tone={tone} className="mt-0.5 w-28 shrink-0 justify-center">
              {word}
            </Badge>
            <div className="min-w-0">
              <div className="font-medium text-slate-100">{LABELS[c.name] ?? c.name}</div>
              <div className="text-slate-400">{c.detail}</div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
