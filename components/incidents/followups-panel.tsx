"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { Followup } from "@/lib/incidents/followups";
import { failureMessage, sendJson } from "@/lib/swr/fetcher";
import { Button } from "@/components/ui/button";
import { FormError, Input } from "@/components/ui/field";

export interface FollowupsPanelProps {
  incidentId: number;
  followups: Followup[];
  canOperate: boolean;
}

/** The incident's follow-ups: operators add them and tick them off; the battle report lists the open ones. */
export function FollowupsPanel({ incidentId, followups, canOperate }: FollowupsPanelProps) {
  const router = useRouter();
  const [text, setText] = useState("");
  const [owner, setOwner] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      await sendJson("POST", `/api/incidents/${incidentId}/followups`, { text, ...(owner.trim() ? { owner } : {}) });
    } catch (err) {
      return setError(failureMessage(err));
    } finally {
      setPending(false);
    }
    setText("");
    setOwner("");
    router.refresh();
  };

  const toggle = async (f: Followup) => {
    setError(null);
    try {
      await sendJson("PATCH", `/api/incidents/${incidentId}/followups/${f.id}`, { done: !f.done });
    } catch (err) {
      setError(`Could not update the follow-up: ${failureMessage(err)}`);
    }
    router.refresh();
  };

  return (
    <div data-testid="followups">
      {followups.length === 0 ? (
        <p className="text-sm text-slate-400">No follow-ups yet.</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {followups.map((f) => (
            <li key={f.id} className="flex items-start gap-2">
              <input type="checkbox" checked={f.done} disabled={!canOperate} onChange={() => void toggle(f)} aria-label={`Done: ${f.text}`} className="mt-1" />
              <span className={f.done ? "text-slate-500 line-through" : "text-slate-200"}>
                {f.text}
                {f.owner && <span className="text-xs text-slate-400"> · owner {f.owner}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
      {canOperate && (
        <form onSubmit={add} className="mt-2 flex flex-wrap gap-2">
          <Input className="min-w-0 flex-1" value={text} onChange={(e) => setText(e.target.value)} required maxLength={500} aria-label="Follow-up" placeholder="e.g. Batch jobs check replica lag between chunks" />
          <Input className="w-32" value={owner} onChange={(e) => setOwner(e.target.value)} maxLength={80} aria-label="Owner" placeholder="owner" />
          <Button type="submit" variant="primary" disabled={pending}>
            Add follow-up
          </Button>
        </form>
      )}
      <FormError className="mt-1">{error}</FormError>
    </div>
  );
}
