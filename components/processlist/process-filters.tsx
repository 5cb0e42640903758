"use client";

import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import type { ProcesslistQuery } from "@/lib/swr/use-processlist";

export interface ProcessFiltersProps {
  value: ProcesslistQuery;
  servers: { id: string; name: string }[];
  onChange: (next: ProcesslistQuery) => void;
}

const TEXT_FILTERS: { key: keyof ProcesslistQuery; label: string; placeholder: string; width: string }[] = [
  { key: "user", label: "User", placeholder: "root", width: "w-24" },
  { key: "host", label: "Host", placeholder: "10.0.", width: "w-28" },
  { key: "db", label: "Db", placeholder: "shop", width: "w-24" },
  { key: "command", label: "Command", placeholder: "Query", width: "w-24" },
  { key: "minTime", label: "Min time (s)", placeholder: "60", width: "w-20" },
  { key: "text", label: "Query text", placeholder: "UPDATE orders", width: "w-48" },
];

/** Server, kind and free-text filters; every change goes straight to the live query. */
export function ProcessFilters({ value, servers, onChange }: ProcessFiltersProps) {
  const set = (key: keyof ProcesslistQuery, v: string) => onChange({ ...value, [key]: v || undefined });
  return (
    <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => e.preventDefault()} aria-label="Processlist filters">
      <Field label="Server">
        <Select value={value.server ?? ""} onChange={(e) => set("server", e.target.value)}>
          <option value="">All servers</option>
          {servers.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Kind">
        <Select value={value.kind ?? ""} onChange={(e) => set("kind", e.target.value)}>
          <option value="">All kinds</option>
          <option value="client">client</option>
          <option value="replication">replication</option>
          <option value="system">system</option>
          <option value="self">self</option>
        </Select>
      </Field>
      {TEXT_FILTERS.map((f) => (
        <Field key={f.key} label={f.label}>
          <Input
            className={f.width}
            value={value[f.key] ?? ""}
            placeholder={f.placeholder}
            inputMode={f.key === "minTime" ? "numeric" : undefined}
            onChange={(e) => set(f.key, e.target.value)}
          />
        </Field>
      ))}
      {Object.values(value).some(Boolean) && (
        <Button onClick={() => onChange({})}>
          Clear
        </Button>
      )}
    </form>
  );
}
