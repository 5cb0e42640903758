"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { Followup } from "@/lib/incidents/followups";
import { sendJson } from "./send-json";

export interface FollowupsPanelProps {
  incidentId: number;
  followups: Followup[];
  canOperate: boolean;
}

const INPUT = "rounded border border-slate-700 bg-slate-950 px-2 py-1.5 text-sm text-slate-100";

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
    const answer = await sendJson(`/api/incidents/${incidentId}/followups`, "POST", { text, ...(owner.trim() ? { owner } : {}) });
    setPending(false);
    if (!answer.ok) return setError(answer.message);
    setText("");
    setOwner("");
    router.refresh();
  };

  const toggle = async (f: Followup) => {
    const res = await fetch(`/api/incidents/${incidentId}/followups/${f.id}`, {
      method: "PATCH",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ done: !f.done }),
    }).catch(() => null);
    if (!res?.ok) setError("Could not update the follow-up; try again");
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
          <input className={`${INPUT} min-w-0 flex-1`} value={text} onChange={(e) => setText(e.target.value)} required maxLength={500} aria-label="Follow-up" placeholder="e.g. Batch jobs check replica lag between chunks" />
          <input className={`${INPUT} w-32`} value={owner} onChange={(e) => setOwner(e.target.value)} maxLength={80} aria-label="Owner" placeholder="owner" />
          <button type="submit" disabled={pending} className="rounded bg-sky-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-sky-600 disabled:opacity-50">
            Add follow-up
          </button>
        </form>
      )}
      {error && <p role="alert" className="mt-1 text-sm text-red-300">{error}</p>}
    </div>
  );
}
