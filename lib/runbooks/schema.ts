import { z } from "zod";

export const runbookParamsSchema = z.object({ slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "must be lowercase letters, digits and '-'") });

export const runbookBodySchema = z
  .object({
    title: z.string().trim().min(1).max(120),
    body: z.string().min(1).max(50_000),
  })
  .strict();
