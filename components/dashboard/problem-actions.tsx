import Link from "next/link";
import type { Problem } from "@/lib/topology/types";
import { buttonClasses } from "@/components/ui/button";
import { KillProblemQuery } from "./kill-problem-query";

export interface ProblemActionProps {
  problem: Problem;
  /** operators get the actions that change something (kill) */
  canAct: boolean;
}

/** The problem's own move is a button here (the cause's page link would repeat it). */
export function ownsAction(p: Problem): boolean {
  return p.code === "no_writer" && !!p.candidateId;
}

/** The move a problem calls for, one click away: the failover plan for a writer nobody reaches, kill for a rogue query. */
export function ProblemAction({ problem: p, canAct }: ProblemActionProps) {
  if (p.code === "no_writer" && p.candidateId) {
    return (
      <Link href={`/failover?candidate=${encodeURIComponent(p.candidateId)}`} className={buttonClasses("danger", "sm", "mt-1")} data-testid="problem-failover">
        Fail over to {p.candidateId}: open the plan
      </Link>
    );
  }
  if (p.code === "long_running_query" && p.query && p.serverId && canAct) {
    return <KillProblemQuery serverId={p.serverId} query={p.query} />;
  }
  return null;
}

/** The raw error behind a problem (a driver's message), folded: the message says what it means. */
export function ProblemDetails({ details }: { details?: string }) {
  if (!details) return null;
  return (
    <details className="w-full text-xs" data-testid="problem-details">
      <summary className="cursor-pointer opacity-80">details</summary>
      <pre className="mt-1 whitespace-pre-wrap break-all font-mono opacity-90">{details}</pre>
    </details>
  );
}
