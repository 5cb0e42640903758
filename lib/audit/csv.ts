import type { AuditEntry } from "./types";

const COLUMNS = ["id", "at", "actor", "role", "via", "action", "server_id", "params", "result", "error", "duration_ms", "ip"] as const;

/** One CSV cell: quoted when needed, and defused when a spreadsheet would read it as a formula. */
function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The audit entries as RFC 4180 CSV with a header row. */
export function auditToCsv(entries: AuditEntry[]): string {
  const lines = [COLUMNS.join(",")];
  for (const e of entries) {
    lines.push(
      [e.id, e.at, e.actor, e.role, e.via, e.action, e.serverId, e.params, e.result, e.error, e.durationMs, e.ip]
        .map(cell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
