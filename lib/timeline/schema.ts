import { z } from "zod";

export const timelineQuerySchema = z.object({
  /** ISO time; default: 24 hours ago */
  since: z.iso.datetime({ offset: true }).optional(),
  /** ISO time; default: now */
  until: z.iso.datetime({ offset: true }).optional(),
});

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
