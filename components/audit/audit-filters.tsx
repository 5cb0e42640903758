import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { AUDIT_RESULTS } from "@/lib/audit/types";

export interface AuditFiltersProps {
  /** current filter values, as in the URL */
  values: Record<string, string>;
  facets: { users: string[]; servers: string[]; actions: string[] };
}

function Facet({ name, label, options, value }: { name: string; label: string; options: readonly string[]; value?: string }) {
  return (
    <Field label={label}>
      <Select name={name} defaultValue={value ?? ""} className="max-w-full">
        <option value="">any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </Select>
    </Field>
  );
}

/** A plain GET form: filters live in the URL, so a filtered view can be shared and exported as is. */
export function AuditFilters({ values, facets }: AuditFiltersProps) {
  return (
    <form method="get" action="/audit" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-7" aria-label="Audit filters">
      <Facet name="user" label="User" options={facets.users} value={values.user} />
      <Facet name="server" label="Server" options={facets.servers} value={values.server} />
      <Facet name="action" label="Action" options={facets.actions} value={values.action} />
      <Facet name="result" label="Result" options={AUDIT_RESULTS} value={values.result} />
      <Field label="Since (UTC)">
        <Input type="datetime-local" name="since" step={1} defaultValue={values.since?.replace(/Z$/, "")} />
      </Field>
      <Field label="Until (UTC)">
        <Input type="datetime-local" name="until" step={1} defaultValue={values.until?.replace(/Z$/, "")} />
      </Field>
      <div className="flex items-end gap-2">
        <Button type="submit" variant="primary">
          Filter
        </Button>
        <a href="/audit" className="px-2 py-1.5 text-sm text-slate-400 hover:text-slate-200">
          Clear
        </a>
      </div>
    </form>
  );
}
