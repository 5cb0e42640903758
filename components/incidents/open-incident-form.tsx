"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { INCIDENT_IMPACTS, INCIDENT_STATUSES, type ComponentKey, type IncidentImpact, type IncidentStatus } from "@/lib/status/types";
import { UPDATE_WORDS } from "@/lib/status/words";
import { ComponentPicker } from "./component-picker";
import { sendJson } from "./send-json";

export interface OpenIncidentFormProps {
  components: { id: ComponentKey; name: string }[];
}

const INPUT = "w-full rounded border border-slate-700 bg-slate-950 px-2 py-1.5 text-sm text-slate-100";

/** Open an incident on the public status page: a title the customers read, and the first update. */
export function OpenIncidentForm({ components }: OpenIncidentFormProps) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [body, setBody] = useState("");
  const [impact, setImpact] = useState<IncidentImpact>("minor");
  const [status, setStatus] = useState<IncidentStatus>("investigating");
  const [affected, setAffected] = useState<ComponentKey[]>([]);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    setError(null);
    const answer = await sendJson("/api/incidents", "POST", { name, body, impact, status, components: affected });
    setPending(false);
    if (!answer.ok) return setError(answer.message);
    setName("");
    setBody("");
    setAffected([]);
    router.refresh();
  };

  return (
    <form onSubmit={submit} className="space-y-2" data-testid="open-incident-form">
      <label className="block text-xs text-slate-400">
        Title (public)
        <input className={INPUT} value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} placeholder="Checkout is slow" />
      </label>
      <label className="block text-xs text-slate-400">
        First update (public: say what customers notice, not server names)
        <textarea className={INPUT} rows={3} value={body} onChange={(e) => setBody(e.target.value)} required maxLength={5000} />
      </label>
      <div className="flex flex-wrap gap-3">
        <label className="text-xs text-slate-400">
          Status{" "}
          <select className={INPUT} value={status} onChange={(e) => setStatus(e.target.value as IncidentStatus)}>
            {INCIDENT_STATUSES.filter((s) => s !== "resolved").map((s) => (
              <option key={s} value={s}>
                {UPDATE_WORDS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-xs text-slate-400">
          Impact{" "}
          <select className={INPUT} value={impact} onChange={(e) => setImpact(e.target.value as IncidentImpact)}>
            {INCIDENT_IMPACTS.map((i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ComponentPicker components={components} value={affected} onChange={setAffected} />
      {error && (
        <p role="alert" className="text-sm text-red-300">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending} className="rounded bg-orange-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-orange-500 disabled:opacity-50">
        {pending ? "Opening…" : "Open incident"}
      </button>
    </form>
  );
}
