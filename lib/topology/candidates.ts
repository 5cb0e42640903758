/**
 * Which servers may take over from the writer, best first: its master-master partner(s) not marked
 * `promotion: must_not`, ranked by the config's `promotion` (prefer before neutral). The failover
 * plan and the failover page's choice both read this one ranking.
 */
import type { ReplicationGraph } from "./replication";

export type Promotion = "prefer" | "neutral" | "must_not";

export interface CandidateServer {
  id: string;
  promotion: Promotion;
}

export interface PromotionCandidate {
  id: string;
  promotion: Promotion;
  /** may take over from the writer: its co-master, not marked must_not */
  eligible: boolean;
  /** why, in words */
  reason: string;
}

const RANK: Record<Promotion, number> = { prefer: 0, neutral: 1, must_not: 2 };

/**
 * Every server but the writer, eligible ones first and among them `prefer` before `neutral`;
 * ties keep the config's order.
 */
export function rankCandidates(servers: readonly CandidateServer[], graph: ReplicationGraph, writerId: string | null): PromotionCandidate[] {
  const writer = servers.find((s) => s.id === writerId);
  const judged = servers
    .filter((s) => s.id !== writerId)
    .map((s, order): PromotionCandidate & { order: number } => {
      const coMaster = !!writer && graph.areCoMasters(s.id, writer.id);
      let reason: string;
      if (!writer) reason = "no writer is known to take over from";
      else if (!coMaster) reason = `not ${writer.id}'s master-master partner`;
      else if (s.promotion === "must_not") reason = `${writer.id}'s co-master, but marked "promotion: must_not"`;
      else reason = `${writer.id}'s co-master (promotion: ${s.promotion})`;
      return { id: s.id, promotion: s.promotion, eligible: coMaster && s.promotion !== "must_not", reason, order };
    });
  judged.sort((a, b) => Number(b.eligible) - Number(a.eligible) || RANK[a.promotion] - RANK[b.promotion] || a.order - b.order);
  return judged.map(({ order: _order, ...c }) => c);
}
