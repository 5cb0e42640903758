"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { INCIDENT_IMPACTS, INCIDENT_STATUSES, type ComponentKey, type IncidentImpact, type IncidentStatus } from "@/lib/status/types";
import { UPDATE_WORDS } from "@/lib/status/words";
import { failureMessage, sendJson } from "@/lib/swr/fetcher";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select, Textarea } from "@/components/ui/field";
import { ComponentPicker } from "./component-picker";

export interface OpenIncidentFormProps {
  components: { id: ComponentKey; name: string }[];
}

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
    try {
      await sendJson("POST", "/api/incidents", { name, body, impact, status, components: affected });
    } catch (err) {
      return setError(failureMessage(err));
    } finally {
      setPending(false);
    }
    // Back to a blank form: the next incident starts from nothing of this one.
    setName("");
    setBody("");
    setImpact("minor");
    setStatus("investigating");
    setAffected([]);
    router.refresh();
  };

  return (
    <form onSubmit={submit} className="space-y-2" data-testid="open-incident-form">
      <Field label="Title (public)">
        <Input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} placeholder="Checkout is slow" />
      </Field>
      <Field label="First update (public: say what customers notice, not server names)">
        <Textarea rows={3} value={body} onChange={(e) => setBody(e.target.value)} required maxLength={5000} />
      </Field>
      <div className="flex flex-wrap gap-3">
        <Field label="Status">
          <Select value={status} onChange={(e) => setStatus(e.target.value as IncidentStatus)}>
            {INCIDENT_STATUSES.filter((s) => s !== "resolved").map((s) => (
              <option key={s} value={s}>
                {UPDATE_WORDS[s]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Impact (the affected components show at least this)">
          <Select value={impact} onChange={(e) => setImpact(e.target.value as IncidentImpact)}>
            {INCIDENT_IMPACTS.map((i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <ComponentPicker components={components} value={affected} onChange={setAffected} />
      <FormError>{error}</FormError>
      <Button type="submit" variant="warn" disabled={pending}>
        {pending ? "Opening…" : "Open incident"}
      </Button>
    </form>
  );
}
