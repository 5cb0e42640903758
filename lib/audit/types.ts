import type { Role } from "@/lib/auth/roles";

/** ok: done; refused: a safety rule said no (409); error: it failed; denied: auth, role or CSRF said no. */
export type AuditResult = "ok" | "refused" | "error" | "denied";

export const AUDIT_RESULTS: readonly AuditResult[] = ["ok", "refused", "error", "denied"];

/** One row of the audit trail, as the API and the Audit page show it. */
export interface AuditEntry {
  id: number;
  /** ISO 8601 UTC */
  at: string;
  /** username, "token:<name>", or "anonymous" */
  actor: string;
  role: Role | null;
  via: "session" | "token" | null;
  action: string;
  serverId: string | null;
  params: Record<string, unknown> | null;
  result: AuditResult;
  error: string | null;
  durationMs: number;
  ip: string | null;
}

export interface AuditInput {
  actor: string;
  role: Role | null;
  via?: "session" | "token" | null;
  action: string;
  serverId?: string | null;
  params?: Record<string, unknown> | null;
  result: AuditResult;
  error?: string | null;
  durationMs: number;
  ip?: string | null;
  /** Defaults to now. */
  at?: Date;
}

export interface AuditFilters {
  user?: string;
  server?: string;
  action?: string;
  result?: AuditResult;
  /** inclusive, ISO 8601 or Date */
  since?: string | Date;
  /** exclusive, ISO 8601 or Date */
  until?: string | Date;
  /** default 200, at most 10000 */
  limit?: number;
}
