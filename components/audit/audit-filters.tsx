import { AUDIT_RESULTS } from "@/lib/audit/types";

export interface AuditFiltersProps {
  /** current filter values, as in the URL */
  values: Record<string, string>;
  facets: { users: string[]; servers: string[]; actions: string[] };
}

const fieldClass =
  "mt-1 block w-full rounded-md border border-slate-700 bg-slate-950 px-2 py-1.5 text-sm text-slate-100 focus:border-sky-500 focus:outline-none";

function Select({ name, label, options, value }: { name: string; label: string; options: readonly string[]; value?: string }) {
  return (
    <label className="block text-xs font-medium text-slate-400">
      {label}
      <select name={name} defaultValue={value ?? ""} className={fieldClass}>
        <option value="">any</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A plain GET form: filters live in the URL, so a filtered view can be shared and exported as is. */
export function AuditFilters({ values, facets }: AuditFiltersProps) {
  return (
    <form method="get" action="/audit" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-7" aria-label="Audit filters">
      <Select name="user" label="User" options={facets.users} value={values.user} />
      <Select name="server" label="Server" options={facets.servers} value={values.server} />
      <Select name="action" label="Action" options={facets.actions} value={values.action} />
      <Select name="result" label="Result" options={AUDIT_RESULTS} value={values.result} />
      <label className="block text-xs font-medium text-slate-400">
        Since (UTC)
        <input type="datetime-local" name="since" step={1} defaultValue={values.since?.replace(/Z$/, "")} className={fieldClass} />
      </label>
      <label className="block text-xs font-medium text-slate-400">
        Until (UTC)
        <input type="datetime-local" name="until" step={1} defaultValue={values.until?.replace(/Z$/, "")} className={fieldClass} />
      </label>
      <div className="flex items-end gap-2">
        <button type="submit" className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-sky-500">
          Filter
        </button>
        <a href="/audit" className="px-2 py-1.5 text-sm text-slate-400 hover:text-slate-200">
          Clear
        </a>
      </div>
    </form>
  );
}
