import type { AuditEntry } from "@/lib/audit/types";

/** The parameters as one line of JSON, as the export has them. */
export function formatParams(params: AuditEntry["params"]): string {
  if (!params) return "";
  return JSON.stringify(params);
}

/** "2024-05-01T10:00:00.123Z" -> "2024-05-01 10:00:00Z". */
export function formatAuditTime(at: string): string {
  return at.replace("T", " ").replace(/\.\d+Z$/, "Z");
}
