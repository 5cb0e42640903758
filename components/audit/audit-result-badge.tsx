import { Badge, type Tone } from "@/components/ui/badge";
import type { AuditResult } from "@/lib/audit/types";

const RESULT_TONE: Record<AuditResult, Tone> = { ok: "ok", refused: "warn", error: "danger", denied: "danger" };

export interface AuditResultBadgeProps {
  result: AuditResult;
}

/** ok, refused (a safety rule), error, denied (auth, role or origin). */
export function AuditResultBadge({ result }: AuditResultBadgeProps) {
  return <Badge tone={RESULT_TONE[result]}>{result}</Badge>;
}
