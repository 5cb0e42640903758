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

function CheckItem({ check: c }: { check: FailoverCheck }) {
  const tone = c.ok ? "ok" : c.blocking ? (c.acknowledgeable ? "warn" : "danger") : "info";
  const word = c.ok ? "ok" : c.blocking ? (c.acknowledgeable ? "acknowledge" : "refused") : "note";
  return (
    <li className="flex items-start gap-3 py-1.5 text-sm" data-testid={`check-${c.name}`} data-ok={c.ok}>
      <Badge tone={tone} className="mt-0.5 w-28 shrink-0 justify-center">
        {word}
      </Badge>
      <div className="min-w-0 break-words">
        <div className="font-medium text-slate-100">{LABELS[c.name] ?? c.name}</div>
        <div className="text-slate-400">{c.detail}</div>
      </div>
    </li>
  );
}

/**
 * Every check of a plan with its result in words. What did not pass is listed open; what passed
 * folds into one line, so that the switch stays near the top of a phone's screen.
 */
export function CheckList({ checks }: CheckListProps) {
  const open = checks.filter((c) => !c.ok);
  const passed = checks.filter((c) => c.ok);
  return (
    <div data-testid="failover-checks">
      {open.length > 0 && <ul className="divide-y divide-slate-800">{open.map((c) => <CheckItem key={c.name} check={c} />)}</ul>}
      {passed.length > 0 && (
        <details className="text-sm" data-testid="failover-checks-passed">
          <summary className="cursor-pointer py-1.5 text-slate-300 hover:text-slate-100">
            <Badge tone="ok">ok</Badge> {passed.length} of {checks.length} checks passed
          </summary>
          <ul className="divide-y divide-slate-800 pl-4">{passed.map((c) => <CheckItem key={c.name} check={c} />)}</ul>
        </details>
      )}
    </div>
  );
}
