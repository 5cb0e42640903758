import { z } from "zod";

/** ISO 8601 with a zone (Z or an offset), normalised to UTC `toISOString()` form. */
export const isoTime = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: "must be an ISO 8601 time with a zone, e.g. 2025-06-02T10:00:00Z",
  })
  .transform((s) => new Date(s).toISOString());

const message = z.string().trim().max(500, "at most 500 characters");

/** Longest a switch may announce or a window may last: a week. */
export const MAX_MAINTENANCE_MS = 7 * 24 * 3600_000;

/** PUT /api/maintenance body: `{ enabled, message?, until? }`. Unknown keys are refused. */
export const putMaintenanceBodySchema = z
  .object({
    enabled: z.boolean(),
    message: message.nullable().optional(),
    until: isoTime.nullable().optional(),
  })
  .strict();
export type PutMaintenanceBody = z.infer<typeof putMaintenanceBodySchema>;

/** POST /api/maintenance/windows body. */
export const createWindowBodySchema = z
  .object({
    startsAt: isoTime,
    endsAt: isoTime,
    message: message.nullable().optional(),
  })
  .strict()
  .refine((w) => w.endsAt > w.startsAt, { message: "must be after startsAt", path: ["endsAt"] })
  .refine((w) => Date.parse(w.endsAt) - Date.parse(w.startsAt) <= MAX_MAINTENANCE_MS, {
    message: "a window lasts at most 7 days",
    path: ["endsAt"],
  });
export type CreateWindowBody = z.infer<typeof createWindowBodySchema>;

export const windowParamsSchema = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
