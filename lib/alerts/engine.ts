import { alertKey, type Observation } from "./observe";
import type { AlertRule, AlertSeverity, RuleId } from "./rules";

/** What the engine remembers of one (rule, server) between evaluations. */
export interface AlertState {
  ruleId: RuleId;
  serverId: string | null;
  status: "pending" | "firing";
  severity: AlertSeverity;
  message: string;
  /** ms: the condition was first seen (the first signal) */
  since: number;
  /** ms: when it fired; null while pending */
  firedAt: number | null;
  /** ms: the condition has been clear since; null while it holds */
  clearSince: number | null;
  /** the persisted episode, once firing */
  episodeId: number | null;
}

export interface AlertTransition {
  kind: "firing" | "resolved";
  key: string;
  state: AlertState;
  /** ms of the transition */
  at: number;
}

export interface EvaluateInput {
  states: ReadonlyMap<string, AlertState>;
  observations: readonly Observation[];
  rules: readonly AlertRule[];
  now: number;
  maintenance: boolean;
}

/**
 * One evaluation of the state machine per (rule, server): a condition seen becomes pending; pending
 * for `forSeconds` it fires (once per episode, unless its rule is silenced by maintenance); a firing
 * alert whose condition stays clear for `resolveSeconds` resolves. A pending one that clears is
 * forgotten without a word. Pure: returns the next states and the transitions to record and notify.
 */
export function evaluate({ states, observations, rules, now, maintenance }: EvaluateInput): {
  states: Map<string, AlertState>;
  transitions: AlertTransition[];
} {
  const next = new Map<string, AlertState>();
  const transitions: AlertTransition[] = [];
  const seen = new Map(observations.map((o) => [alertKey(o.ruleId, o.serverId), o]));
  const ruleOf = (id: RuleId) => rules.find((r) => r.id === id);

  for (const [key, o] of seen) {
    const rule = ruleOf(o.ruleId);
    if (!rule || !rule.enabled) continue;
    const prev = states.get(key);
    const state: AlertState = prev
      ? { ...prev, message: o.message, severity: o.severity, clearSince: null }
      : { ruleId: o.ruleId, serverId: o.serverId, status: "pending", severity: o.severity, message: o.message, since: now, firedAt: null, clearSince: null, episodeId: null };
    const silenced = maintenance && rule.silenceDuringMaintenance;
    if (state.status === "pending" && !silenced && now - state.since >= rule.forSeconds * 1000) {
      state.status = "firing";
      state.firedAt = now;
      transitions.push({ kind: "firing", key, state, at: now });
    }
    next.set(key, state);
  }

  for (const [key, prev] of states) {
    if (seen.has(key) && ruleOf(prev.ruleId)?.enabled) continue;
    if (prev.status === "pending") continue;
    const rule = ruleOf(prev.ruleId);
    const clearSince = prev.clearSince ?? now;
    // A disabled or removed rule resolves at once: nobody is watching it any more.
    const waitMs = rule?.enabled ? rule.resolveSeconds * 1000 : 0;
    if (now - clearSince >= waitMs) {
      transitions.push({ kind: "resolved", key, state: { ...prev, clearSince }, at: now });
    } else {
      next.set(key, { ...prev, clearSince });
    }
  }
  return { states: next, transitions };
}
