"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { INCIDENT_STATUSES, type ComponentKey, type IncidentStatus } from "@/lib/status/types";
import { UPDATE_WORDS } from "@/lib/status/words";
import { failureMessage, sendJson } from "@/lib/swr/fetcher";
import { Button } from "@/components/ui/button";
import { FormError, Textarea } from "@/components/ui/field";
import { ComponentPicker } from "./component-picker";

export interface PostUpdateFormProps {
  incidentId: number;
  current: IncidentStatus;
  affected: ComponentKey[];
  components: { id: ComponentKey; name: string }[];
}

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
    try {
      await sendJson("POST", `/api/incidents/${incidentId}/updates`, { status, body, components: affected });
    } catch (err) {
      return setError(failureMessage(err));
    } finally {
      setPending(false);
    }
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
      <Textarea className="w-full" rows={2} value={body} onChange={(e) => setBody(e.target.value)} required maxLength={5000} aria-label="Update text (public)" placeholder="What customers should know now" />
      <ComponentPicker components={components} value={affected} onChange={setAffected} />
      <FormError>{error}</FormError>
      <Button type="submit" disabled={pending}>
        {pending ? "Posting…" : "Post update"}
      </Button>
    </form>
  );
}
