import { z } from "zod";
import { AUDIT_RESULTS, type AuditResult } from "./types";

/** An ISO 8601 time; without a zone (as a datetime-local input sends it) it is read as UTC. */
const time = z
  .string()
  .trim()
  .transform((v) => (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(v) ? `${v}Z` : v))
  .refine((v) => !Number.isNaN(new Date(v).getTime()), "must be an ISO 8601 time")
  .optional();
const text = z.string().trim().max(200).optional();

/** Drop empty fields: a plain HTML form sends "" for every untouched filter. */
export function withoutEmpty(values: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!values || typeof values !== "object") return out;
  for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
    const v = Array.isArray(value) ? value[0] : value;
    if (typeof v === "string" && v.trim() !== "") out[key] = v;
  }
  return out;
}

/** GET /api/audit and the Audit page: filters, a row limit and the export format. */
export const auditQuerySchema = z.preprocess(
  withoutEmpty,
  z
    .object({
      user: text,
      server: text,
      action: text,
      result: z.enum(AUDIT_RESULTS as [AuditResult, ...AuditResult[]]).optional(),
      since: time,
      until: time,
      limit: z.coerce.number().int().min(1).max(10_000).optional(),
      format: z.enum(["json", "csv"]).optional(),
    })
    .strict(),
);

export type AuditQuery = z.output<typeof auditQuerySchema>;
