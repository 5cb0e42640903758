import { z } from "zod";
import { COMPONENT_KEYS, COMPONENT_STATUSES } from "./types";

/** Text a person typed: trimmed, not empty, bounded. */
export const requiredText = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `at most ${max} characters`);

const isoTime = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: "must be an ISO 8601 time with a zone, e.g. 2025-06-02T10:00:00Z",
  })
  .transform((s) => new Date(s).toISOString());

export const componentParamsSchema = z.object({ id: z.enum(COMPONENT_KEYS) });

/** PUT /api/status/components/{id}/override: pin a component's public state. */
export const overrideBodySchema = z
  .object({
    status: z.enum(COMPONENT_STATUSES),
    note: requiredText(300).nullable().optional(),
    until: isoTime.nullable().optional(),
  })
  .strict()
  .refine((b) => b.until == null || Date.parse(b.until) > Date.now(), { message: "must be in the future", path: ["until"] });
