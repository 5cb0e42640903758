"use client";

import { useEffect, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Banner } from "@/components/ui/banner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Select } from "@/components/ui/field";
import type { FailoverMode, FailoverPlan, FailoverRule, FailoverRun } from "@/lib/actions/failover/types";
import { FetchError, failureMessage, sendJson } from "@/lib/swr/fetcher";
import { CheckList } from "./check-list";
import { RecoveryNotice } from "./recovery-notice";
import { RunHistory } from "./run-history";
import { StepList } from "./step-list";
import { useFailover } from "./use-failover";

export interface FailoverServer {
  id: string;
  name: string;
}

export interface FailoverPanelProps {
  servers: FailoverServer[];
  /** operators and admins may plan and switch; viewers only watch */
  canAct: boolean;
  /** Preselected from the URL (?candidate=, a dashboard link); on-call may still pick another. */
  initialCandidate?: string;
  /** The cluster whose writer is switched at first (the preselected candidate's); the first cluster without it. */
  initialCluster?: string;
}

/** What a refused or failed call said: the API's message and, for a refusal, the rule. */
type PanelError = { code: string; message: string; rule?: FailoverRule };

function panelError(err: unknown): PanelError {
  const rule = err instanceof FetchError && typeof err.details.rule === "string" ? (err.details.rule as FailoverRule) : undefined;
  return { code: err instanceof FetchError ? err.code : "network", message: failureMessage(err), ...(rule ? { rule } : {}) };
}

const ACK_WORDS: Partial<Record<FailoverRule, string>> = {
  flap_window: "I know the writer was switched moments ago and want to switch it again",
  emergency_unacknowledged: "I accept that the new writer may lack the old writer's last transactions",
};

/**
 * Plan a switch of the writer (every check with its result), acknowledge what must be, switch,
 * and watch the steps as they run. The switch runs in the POST; the steps come from polling.
 */
export function FailoverPanel({ servers, canAct, initialCandidate, initialCluster }: FailoverPanelProps) {
  // null until on-call picks one (or a link did): the best-ranked candidate is then the choice.
  const [chosen, setCandidate] = useState<string | null>(initialCandidate ?? null);
  const [mode, setMode] = useState<FailoverMode | "auto">("auto");
  const [plan, setPlan] = useState<FailoverPlan | null>(null);
  const [acks, setAcks] = useState<Set<FailoverRule>>(new Set());
  const [busy, setBusy] = useState<"plan" | "switch" | null>(null);
  const [error, setError] = useState<PanelError | null>(null);
  const [result, setResult] = useState<FailoverRun | null>(null);
  // null: the first cluster (the console's default); a choice once there are several.
  const [cluster, setCluster] = useState<string | null>(initialCluster ?? null);
  const { data, mutate } = useFailover(busy === "switch", cluster);
  const clusters = data?.clusters ?? [];
  const clusterBody = cluster ? { cluster } : {};

  const writer = data?.writer ?? null;
  // The plan's ranking: the checked plan's once there is one, before that the same ranking on the last poll.
  const ranked = plan?.candidates ?? data?.candidates ?? [];
  const best = writer ? ranked.find((c) => c.eligible) : undefined;
  const candidate = chosen ?? best?.id ?? "";
  const nameOf = (id: string) => servers.find((s) => s.id === id)?.name ?? id;
  const live = busy === "switch" ? (data?.running ?? null) : null;
  const shown = live ?? result;

  async function runPlan(id = candidate) {
    if (!id) return;
    setBusy("plan");
    setError(null);
    setResult(null);
    setAcks(new Set());
    try {
      setPlan(await sendJson<FailoverPlan>("POST", "/api/failover/plan", { candidate: id, ...clusterBody, ...(mode === "auto" ? {} : { mode }) }));
    } catch (err) {
      setPlan(null);
      setError(panelError(err));
    } finally {
      setBusy(null);
    }
  }

  async function runSwitch() {
    if (!plan) return;
    setBusy("switch");
    setError(null);
    setResult(null);
    try {
      setResult(
        await sendJson<FailoverRun>("POST", "/api/failover", {
          candidate: plan.candidate,
          ...clusterBody,
          mode: plan.mode,
          ...(acks.size ? { acknowledge: [...acks] } : {}),
        }),
      );
    } catch (err) {
      setError(panelError(err));
      // A switch that failed still ran: its steps say how far it got.
      const run = err instanceof FetchError ? (err.details.run as FailoverRun | undefined) : undefined;
      if (run) setResult(run);
    } finally {
      setBusy(null);
      setPlan(null);
      // The writer changed (or not): offer the best candidate from the new writer's side again.
      setCandidate(null);
      void mutate();
    }
  }

  // Arriving with a candidate (a dashboard link), the plan is checked at once: on-call reads it and
  // switches, the acknowledgements still theirs to give.
  const arrived = useRef(false);
  useEffect(() => {
    if (arrived.current || !canAct || !initialCandidate) return;
    arrived.current = true;
    void runPlan(initialCandidate);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on arrival
  }, []);

  const needed = plan?.requiresAcknowledgement ?? [];
  const canSwitch = !!plan && plan.allowed && needed.every((r) => acks.has(r)) && busy === null;

  return (
    <div className="space-y-3">
      <RecoveryNotice />
      <Card className="flex flex-wrap items-center gap-3">
        <div className="text-sm text-slate-400">Published writer</div>
        <div className="text-lg font-semibold text-slate-50" data-testid="published-writer">
          {writer ? writer.id : "unknown"}
        </div>
        {writer && (
          <span className="text-sm text-slate-400">
            {writer.host}:{writer.port} · {writer.source === "published" ? "published by Hot Seat" : "discovered (nothing published yet)"}
          </span>
        )}
        {!!data?.fencing.length && <Badge tone="warn">fencing {data.fencing.join(", ")}: read-only as soon as it answers</Badge>}
      </Card>

      {canAct ? (
        <Card className="space-y-3">
          <h2 className="text-base font-semibold text-slate-100">Switch the writer</h2>
          <div className="flex flex-wrap items-end gap-3 text-sm">
            {clusters.length > 1 && (
              <Field label="Cluster">
                <Select
                  aria-label="Cluster"
                  value={cluster ?? data?.cluster ?? ""}
                  onChange={(e) => {
                    setCluster(e.target.value);
                    setCandidate(null);
                    setPlan(null);
                    setError(null);
                  }}
                >
                  {clusters.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                      {c.writer ? ` (writer ${c.writer})` : ""}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            <Field label="New writer">
              <Select
                aria-label="New writer"
                value={candidate}
                onChange={(e) => {
                  setCandidate(e.target.value);
                  setPlan(null);
                  setError(null);
                }}
              >
                <option value="">choose a server…</option>
                {ranked.map((c) => (
                  <option key={c.id} value={c.id}>
                    {nameOf(c.id)}
                    {c.promotion === "must_not" ? " (must not be promoted)" : c.eligible && c.promotion === "prefer" ? " (preferred)" : ""}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Mode">
              <Select
                aria-label="Mode"
                value={mode}
                onChange={(e) => {
                  setMode(e.target.value as FailoverMode | "auto");
                  setPlan(null);
                }}
              >
                <option value="auto">automatic (graceful if the writer answers)</option>
                <option value="graceful">graceful</option>
                <option value="emergency">emergency</option>
              </Select>
            </Field>
            <Button disabled={!candidate || busy !== null} onClick={() => void runPlan()}>
              {busy === "plan" ? "Checking…" : "Check plan"}
            </Button>
          </div>

          {plan && (
            <div className="space-y-3" data-testid="failover-plan" data-allowed={plan.allowed}>
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <span className="text-slate-300">
                  {plan.writer} → {plan.candidate}, {plan.mode}
                </span>
                {plan.allowed ? <Badge tone="ok">allowed</Badge> : <Badge tone="danger">refused</Badge>}
              </div>
              {plan.refusal && !plan.allowed && (
                <Banner tone="danger" data-testid="failover-refusal">
                  Refused ({plan.refusal.rule}): {plan.refusal.message}
                </Banner>
              )}
              <CheckList checks={plan.checks} />
              {/* The acknowledgements and the switch follow the checks at once (on a phone's first
                  screen); the candidates and the steps it will run come after. */}
              {plan.allowed && (
                <div className="flex flex-col items-start gap-2" data-testid="failover-switch">
                  {needed.map((rule) => (
                    <label key={rule} className="flex items-start gap-2 text-sm text-amber-200">
                      <input
                        type="checkbox"
                        className="mt-1"
                        checked={acks.has(rule)}
                        onChange={(e) => {
                          const next = new Set(acks);
                          if (e.target.checked) next.add(rule);
                          else next.delete(rule);
                          setAcks(next);
                        }}
                      />
                      {ACK_WORDS[rule] ?? rule}
                    </label>
                  ))}
                  <Button variant="danger" disabled={!canSwitch} onClick={() => void runSwitch()}>
                    Switch the writer to {plan.candidate} ({plan.mode})
                  </Button>
                </div>
              )}
              {!!plan.candidates?.length && (
                <p className="text-sm text-slate-400" data-testid="failover-candidates">
                  Candidates, best first:{" "}
                  {plan.candidates
                    .filter((c) => c.eligible)
                    .map((c) => `${c.id}${c.promotion === "prefer" ? " (preferred)" : ""}`)
                    .join(", ") || "none"}
                </p>
              )}
              <div hidden={!plan.allowed}>
                <h3 className="mb-1 text-sm font-semibold text-slate-200">Steps</h3>
                <ol className="list-decimal space-y-0.5 pl-6 text-sm text-slate-300">
                  {plan.steps.map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ol>
              </div>
            </div>
          )}
        </Card>
      ) : (
        <Banner tone="info">Switching the writer needs the operator role; you can watch runs here.</Banner>
      )}

      {error && (
        <Banner tone="danger" data-testid="failover-error">
          {error.rule ? `Refused (${error.rule}): ` : ""}
          {error.message}
        </Banner>
      )}

      {(busy === "switch" || shown) && (
        <Card className="space-y-2" data-testid="failover-run" data-status={shown?.status ?? "running"}>
          <h2 className="text-base font-semibold text-slate-100">
            {shown ? `Run #${shown.id}: ${shown.from} → ${shown.to} (${shown.mode})` : "Switching…"}{" "}
            {shown && <Badge tone={shown.status === "ok" ? "ok" : shown.status === "running" ? "info" : "danger"}>{shown.status.replace("_", " ")}</Badge>}
          </h2>
          {shown?.message && <p className="text-sm text-slate-300">{shown.message}</p>}
          <StepList steps={shown?.steps ?? []} />
        </Card>
      )}

      <Card>
        <h2 className="mb-2 text-base font-semibold text-slate-100">Recent switches</h2>
        <RunHistory runs={data?.runs ?? []} />
      </Card>
    </div>
  );
}
