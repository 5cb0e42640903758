import { z } from "zod";

export const timelineQuerySchema = z.object({
  /** ISO time; default: 24 hours ago */
  since: z.iso.datetime({ offset: true }).optional(),
  /** ISO time; default: now */
  until: z.iso.datetime({ offset: true }).optional(),
});
