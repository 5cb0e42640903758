import { z } from "zod";
import { COMPONENT_KEYS, COMPONENT_STATUSES, INCIDENT_IMPACTS, INCIDENT_STATUSES } from "./types";

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `at most ${max} characters`);
const components = z.array(z.enum(COMPONENT_KEYS)).max(COMPONENT_KEYS.length);
const isoTime = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: "must be an ISO 8601 time with a zone, e.g. 2025-06-02T10:00:00Z",
  })
  .transform((s) => new Date(s).toISOString());

/** POST /api/incidents: open an incident with its first update. */
export const openIncidentBodySchema = z
  .object({
    name: text(200),
    impact: z.enum(INCIDENT_IMPACTS).default("minor"),
    status: z.enum(INCIDENT_STATUSES).default("investigating"),
    body: text(5000),
    components: components.default([]),
  })
  .strict();

/** POST /api/incidents/{id}/updates: the incident's next update; omitted components are kept. */
export const incidentUpdateBodySchema = z
  .object({
    status: z.enum(INCIDENT_STATUSES),
    body: text(5000),
    components: components.optional(),
    impact: z.enum(INCIDENT_IMPACTS).optional(),
  })
  .strict();

export const incidentParamsSchema = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const componentParamsSchema = z.object({ id: z.enum(COMPONENT_KEYS) });

/** PUT /api/status/components/{id}/override: pin a component's public state. */
export const overrideBodySchema = z
  .object({
    status: z.enum(COMPONENT_STATUSES),
    note: text(300).nullable().optional(),
    until: isoTime.nullable().optional(),
  })
  .strict()
  .refine((b) => b.until == null || Date.parse(b.until) > Date.now(), { message: "must be in the future", path: ["until"] });
