"use client";

import type { ComponentKey } from "@/lib/status/types";

export interface ComponentPickerProps {
  components: { id: ComponentKey; name: string }[];
  value: ComponentKey[];
  onChange: (value: ComponentKey[]) => void;
}

/** Which public components an incident update affects. */
export function ComponentPicker({ components, value, onChange }: ComponentPickerProps) {
  return (
    <fieldset className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      <legend className="mb-1 text-xs text-slate-400">Affected components</legend>
      {components.map((c) => (
        <label key={c.id} className="flex items-center gap-1.5">
          <input
            type="checkbox"
            checked={value.includes(c.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, c.id] : value.filter((v) => v !== c.id))}
          />
          {c.name}
        </label>
      ))}
    </fieldset>
  );
}
