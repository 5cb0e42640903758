"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { INCIDENT_STATUSES, type ComponentKey, type IncidentStatus } from "@/lib/status/types";
import { UPDATE_WORDS } from "@/lib/status/words";
import { ComponentPicker } from "./component-picker";
import { sendJson } from "./send-json";

export interface PostUpdateFormProps {
  incidentId: number;
  current: IncidentStatus;
  affected: ComponentKey[];
  components: { id: ComponentKey; name: string }[];
}

const INPUT = "w-full rounded border border-slate-700 bg-slate-950 px-2 py-1.5 text-sm text-slate-100";
const NEXT: Record<IncidentStatus, IncidentStatus> = { investigating: "identified", identified: "monitoring", monitoring: "resolved", resolved: "resolved" };

/** The incident's next public update; its status becomes the incident's. */
export function PostUpdateForm({ incidentId, current, affected: initialAffected, components }: PostUpdateFormProps) {
  const router = useRouter();
  const [status, setStatus] = useState<IncidentStatus>(NEXT[current]);
  const [body, setBody] = useState("");
  const [affected, setAffected] = useState<ComponentKey[]>(initialAffected);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(null);
    const answer = await sendJson(`/api/incidents/${incidentId}/updates`, "POST", { status, body, components: affected });
    setPending(false);
    if (!answer.ok) return setError(answer.message);
    setBody("");
    router.refresh();
  };

  return (
    <form onSubmit={submit} className="mt-3 space-y-2 border-t border-slate-800 pt-3" data-testid={`post-update-${incidentId}`}>
      <div className="flex flex-wrap gap-3">
        {INCIDENT_STATUSES.map((s) => (
          <label key={s} className="flex items-center gap-1 text-sm">
            <input type="radio" name={`status-${incidentId}`} value={s} checked={status === s} onChange={() => setStatus(s)} />
            {UPDATE_WORDS[s]}
          </label>
        ))}
      </div>
      <textarea className={INPUT} rows={2} value={body} onChange={(e) => setBody(e.target.value)} required maxLength={5000} aria-label="Update text (public)" placeholder="What customers should know now" />
      <ComponentPicker components={components} value={affected} onChange={setAffected} />
      {error && (
        <p role="alert" className="text-sm text-red-300">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending} className="rounded border border-slate-600 px-3 py-1.5 text-sm font-semibold text-slate-100 hover:border-slate-400 disabled:opacity-50">
        {pending ? "Posting…" : "Post update"}
      </button>
    </form>
  );
}
