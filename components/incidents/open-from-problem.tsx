"use client";

import Link from "next/link";
import { useState } from "react";
import { incidentDraftFor, type IncidentDraft } from "@/lib/incidents/draft";
import { DEFAULT_NAMES } from "@/lib/status/settings";
import { COMPONENT_KEYS } from "@/lib/status/types";
import { failureMessage, sendJson } from "@/lib/swr/fetcher";
import { STATUS_SUMMARY_KEY, useStatusSummary } from "@/lib/swr/use-status-summary";
import type { Problem } from "@/lib/topology/types";
import { ConfirmDialog } from "@/components/maintenance/confirm-dialog";
import { Button } from "@/components/ui/button";
import { Field, Input, Textarea } from "@/components/ui/field";
import { ComponentPicker } from "./component-picker";

export interface OpenIncidentFromProblemProps {
  problem: Pick<Problem, "code" | "severity">;
}

/**
 * "Open an incident" beside a critical problem: one click shows the public incident prefilled in
 * plain words, a second one opens it on /status. Nothing for a problem customers do not feel.
 */
export function OpenIncidentFromProblem({ problem }: OpenIncidentFromProblemProps) {
  const draft = incidentDraftFor(problem);
  const [form, setForm] = useState<IncidentDraft | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [opened, setOpened] = useState<{ id: number; name: string } | null>(null);
  const { data: summary } = useStatusSummary(form != null);
  if (!draft) return null;

  const names = COMPONENT_KEYS.map((id) => ({ id, name: summary?.components.find((c) => c.id === id)?.name ?? DEFAULT_NAMES[id] }));
  const close = () => {
    setForm(null);
    setError(null);
  };
  const confirm = async () => {
    if (!form) return;
    setPending(true);
    setError(null);
    try {
      const { incident } = await sendJson<{ incident: { id: number; name: string } }>("POST", "/api/incidents", form, { revalidate: [STATUS_SUMMARY_KEY] });
      setOpened(incident);
      // Reset: the next click starts from the prefilled draft again.
      setForm(null);
    } catch (err) {
      setError(failureMessage(err));
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
      <Button
        variant="warn"
        size="sm"
        onClick={() => {
          setOpened(null);
          setError(null);
          setForm({ ...draft, components: [...draft.components] });
        }}
        data-testid={`open-incident-from-${problem.code}`}
      >
        Open an incident
      </Button>
      {opened ? (
        <span data-testid="incident-opened">
          Incident{" "}
          <Link href={`/incidents/${opened.id}`} className="underline">
            #{opened.id} “{opened.name}”
          </Link>{" "}
          is open and on the{" "}
          <Link href="/status" className="underline" prefetch={false}>
            status page
          </Link>
          .
        </span>
      ) : null}
      <ConfirmDialog
        open={form != null}
        title="Open a public incident?"
        confirmLabel="Open incident"
        tone="danger"
        pending={pending}
        error={error}
        onConfirm={() => void confirm()}
        onCancel={close}
      >
        {form ? (
          <div className="space-y-2" data-testid="incident-draft">
            <p className="text-sm text-slate-300">Customers read this on /status. Edit it if you know more.</p>
            <Field label="Title (public)">
              <Input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required maxLength={200} />
            </Field>
            <Field label="First update (public: what customers notice, not server names)">
              <Textarea rows={4} value={form.body} onChange={(e) => setForm({ ...form, body: e.target.value })} required maxLength={5000} />
            </Field>
            <ComponentPicker components={names} value={form.components} onChange={(components) => setForm({ ...form, components })} />
            <p className="text-xs text-slate-400">Impact: {form.impact}; status: investigating.</p>
          </div>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
