import type { AuditEntry } from "@/lib/audit/types";

/** The parameters as one line of JSON, as the export has them. */
export function formatParams(params: AuditEntry["params"]): string {
  if (!params) return "";
  return JSON.stringify(params);
}
