"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { COMPONENT_STATUSES, type ComponentKey, type ComponentStatus } from "@/lib/status/types";
import { COMPONENT_WORDS } from "@/lib/status/words";
import { failureMessage, sendJson } from "@/lib/swr/fetcher";
import { Button } from "@/components/ui/button";
import { FormError, Input, Select } from "@/components/ui/field";

export interface ComponentOverridesProps {
  components: { id: ComponentKey; name: string; status: ComponentStatus }[];
  overrides: { component: ComponentKey; status: ComponentStatus; note: string | null; setBy: string; until: string | null }[];
  canOperate: boolean;
}

/** Each public component's state as visitors see it, and the operator's pin over the live state. */
export function ComponentOverrides({ components, overrides, canOperate }: ComponentOverridesProps) {
  return (
    <ul className="divide-y divide-slate-800" data-testid="component-overrides">
      {components.map((c) => (
        <OverrideRow key={c.id} component={c} override={overrides.find((o) => o.component === c.id) ?? null} canOperate={canOperate} />
      ))}
    </ul>
  );
}

function OverrideRow({
  component,
  override,
  canOperate,
}: {
  component: ComponentOverridesProps["components"][number];
  override: ComponentOverridesProps["overrides"][number] | null;
  canOperate: boolean;
}) {
  const router = useRouter();
  const [status, setStatus] = useState<ComponentStatus>(override?.status ?? component.status);
  const [note, setNote] = useState(override?.note ?? "");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const act = async (method: "PUT" | "DELETE") => {
    setPending(true);
    setError(null);
    try {
      await sendJson(method, `/api/status/components/${component.id}/override`, method === "PUT" ? { status, note: note.trim() || null } : undefined);
    } catch (err) {
      return setError(failureMessage(err));
    } finally {
      setPending(false);
    }
    router.refresh();
  };

  return (
    <li className="flex flex-wrap items-center gap-2 py-2 text-sm" data-component={component.id}>
      <span className="w-40 font-medium text-slate-100">{component.name}</span>
      <span className="w-44 text-slate-300">
        {COMPONENT_WORDS[component.status]}
        {override && <span className="ml-1 text-xs text-amber-300">(pinned by {override.setBy})</span>}
      </span>
      {canOperate && (
        <>
          <Select aria-label={`Pin ${component.name}`} value={status} onChange={(e) => setStatus(e.target.value as ComponentStatus)}>
            {COMPONENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {COMPONENT_WORDS[s]}
              </option>
            ))}
          </Select>
          <Input aria-label={`Public note for ${component.name}`} className="min-w-0 flex-1" value={note} onChange={(e) => setNote(e.target.value)} maxLength={300} placeholder="Public note (optional)" />
          <Button disabled={pending} onClick={() => act("PUT")}>
            Pin
          </Button>
          {override && (
            <Button disabled={pending} onClick={() => act("DELETE")}>
              Back to live
            </Button>
          )}
        </>
      )}
      <FormError className="w-full">{error}</FormError>
    </li>
  );
}
