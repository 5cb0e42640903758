/**
 * The failover plan: every check with its result in words, the rule that refuses when one does,
 * and the steps the switch would take. Pure: it works on a probe of the fleet.
 */
import { rankCandidates } from "@/lib/topology";
import { PLAN_CHECKS } from "./checks";
import { planFacts, type PlanFacts, type PlanInput } from "./facts";
import type { FailoverCheck, FailoverPlan, FailoverRule } from "./types";

export { planReplicas, type PlanInput } from "./facts";

/** Build the plan for switching the writer to `input.candidateId`. */
export function buildPlan(input: PlanInput): FailoverPlan {
  const facts = planFacts(input);
  const checks = PLAN_CHECKS.map((check) => check(facts)).filter((c): c is FailoverCheck => c !== null);
  const failed = checks.filter((c) => c.blocking && !c.ok);
  const requiresAcknowledgement = failed.filter((c) => c.acknowledgeable && c.rule).map((c) => c.rule!) as FailoverRule[];
  const hard = failed.filter((c) => !c.acknowledgeable);
  const first = hard[0] ?? failed[0];
  return {
    candidate: facts.C,
    ...(input.cluster && { cluster: input.cluster }),
    writer: input.writerId,
    mode: facts.mode,
    allowed: hard.length === 0,
    requiresAcknowledgement,
    // The first rule names the refusal; the message gives every reason, e.g. must_not and not a co-master.
    refusal: first ? { rule: first.rule!, message: (hard.length ? hard : [first]).map((c) => c.detail).join(". ") } : null,
    checks,
    steps: stepsFor(facts),
    replicas: facts.replicas,
    candidates: rankCandidates(
      input.servers.filter((s) => !input.cluster || input.cluster.serverIds.includes(s.id)).map((s) => ({ id: s.id, promotion: s.server.promotion })),
      facts.graph,
      input.writerId,
    ),
    missingTransactions: facts.missingTransactions,
    generatedAt: new Date(facts.now).toISOString(),
  };
}

function stepsFor({ mode, W, C, candidate, replicas, input }: PlanFacts): string[] {
  const wait = `${input.catchUpTimeoutMs / 1000} s`;
  const repoint = replicas.filter((r) => r.action === "repoint").map((r) => r.id);
  const tail = [
    `Make ${C} writable`,
    `Publish ${C} as the writer (GET /api/topology/writer)`,
    repoint.length ? `Repoint ${repoint.join(", ")} to ${C}` : `Repoint no replica`,
    `Run ${input.hookCount} hook(s)`,
  ];
  if (mode === "graceful")
    return [
      `Set ${W} read-only${candidate.dialect && candidate.dialect !== "mariadb" ? " (super_read_only)" : ""}`,
      `Read ${W}'s final binary log position`,
      `Wait up to ${wait} until ${C} has applied all of it`,
      ...tail,
    ];
  return [
    `Try to set ${W} read-only (short timeout, in the background; retried until ${W} answers)`,
    `Wait up to ${wait} until ${C} has applied everything it received`,
    ...tail,
  ];
}
