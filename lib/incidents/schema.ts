import { z } from "zod";
import { requiredText } from "@/lib/status/schemas";
import { COMPONENT_KEYS, INCIDENT_IMPACTS, INCIDENT_STATUSES } from "@/lib/status/types";

const components = z.array(z.enum(COMPONENT_KEYS)).max(COMPONENT_KEYS.length);

/** POST /api/incidents: open an incident with its first update. */
export const openIncidentBodySchema = z
  .object({
    name: requiredText(200),
    impact: z.enum(INCIDENT_IMPACTS).default("minor"),
    status: z.enum(INCIDENT_STATUSES).default("investigating"),
    body: requiredText(5000),
    components: components.default([]),
  })
  .strict();

/** POST /api/incidents/{id}/updates: the incident's next update; omitted components are kept. */
export const incidentUpdateBodySchema = z
  .object({
    status: z.enum(INCIDENT_STATUSES),
    body: requiredText(5000),
    components: components.optional(),
    impact: z.enum(INCIDENT_IMPACTS).optional(),
  })
  .strict();

export const incidentParamsSchema = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const followupParamsSchema = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
  fid: z.coerce.number().int().positive().max(2_147_483_647),
});

export const addFollowupBodySchema = z
  .object({
    text: z.string().trim().min(1).max(500),
    owner: z.string().trim().max(80).optional(),
  })
  .strict();

export const patchFollowupBodySchema = z.object({ done: z.boolean() }).strict();
