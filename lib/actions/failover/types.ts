/** Shapes of the failover API (POST /api/failover/plan, POST /api/failover, GET /api/failover). */
import type { PromotionCandidate } from "@/lib/topology/candidates";

export type { Promotion, PromotionCandidate } from "@/lib/topology/candidates";

export type FailoverMode = "graceful" | "emergency";

/** Safety rules that refuse a failover (409 with the rule's name). */
export type FailoverRule =
  | "already_writer"
  | "promotion_must_not"
  | "not_co_master"
  | "candidate_unreachable"
  | "replication_broken"
  | "binlog_off"
  | "writer_unreachable"
  | "writer_alive"
  | "flap_window"
  | "emergency_unacknowledged"
  | "no_writer"
  | "other_cluster"
  | "failover_in_progress";

export interface FailoverCheck {
  /** stable name, e.g. "co_master", "candidate_behind_writer" */
  name: string;
  ok: boolean;
  /** the result in words */
  detail: string;
  /** false for checks that only inform */
  blocking: boolean;
  /** the rule a failed blocking check refuses with */
  rule?: FailoverRule;
  /** a failed check the caller may override with `acknowledge` */
  acknowledgeable?: boolean;
}

export interface ReplicaPlan {
  id: string;
  action: "repoint" | "stay";
  reason: string;
}

/** The cluster a failover switches the writer of: it never leaves it. */
export interface PlanCluster {
  id: string;
  serverIds: string[];
  /** the first cluster (its writer is the one `failover.writerFile` names) */
  first?: boolean;
}

export interface FailoverPlan {
  candidate: string;
  /** the cluster whose writer is switched; absent in runs planned before clusters */
  cluster?: PlanCluster;
  /** the writer now (published, else discovered) */
  writer: string | null;
  mode: FailoverMode;
  /** nothing blocks the switch, acknowledgements aside */
  allowed: boolean;
  /** rules the caller must acknowledge before the switch (flap window, possible data loss) */
  requiresAcknowledgement: FailoverRule[];
  /** the first rule that refuses, when not allowed */
  refusal: { rule: FailoverRule; message: string } | null;
  checks: FailoverCheck[];
  /** what the switch will do, in order */
  steps: string[];
  replicas: ReplicaPlan[];
  /** every server but the writer, best candidate first: eligible co-masters ranked prefer > neutral */
  candidates: PromotionCandidate[];
  /** transactions the candidate may lack (emergency: as of the old writer's last sample); null when unknowable */
  missingTransactions: number | null;
  generatedAt: string;
}

export type StepStatus = "running" | "ok" | "failed" | "skipped" | "warning";

export interface FailoverStep {
  name: string;
  label: string;
  status: StepStatus;
  startedAt: string;
  durationMs: number | null;
  detail: string | null;
}

/** interrupted: its console died mid-switch; another start of it (or another console) recovered it */
export type RunStatus = "running" | "ok" | "failed" | "rolled_back" | "interrupted";

export interface FailoverRun {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  actor: string;
  mode: FailoverMode;
  from: string | null;
  to: string;
  status: RunStatus;
  message: string | null;
  steps: FailoverStep[];
  plan: FailoverPlan | null;
}
