import { z } from "zod";

const serverId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a server id");
const acknowledge = z.union([z.boolean(), z.array(z.enum(["flap_window", "emergency_unacknowledged"]))]).optional();

/** POST /api/failover/plan */
export const failoverPlanBodySchema = z
  .object({
    candidate: serverId,
    /** the cluster whose writer is switched (GET /api/topology clusters[].id); the first cluster without it */
    cluster: serverId.optional(),
    mode: z.enum(["graceful", "emergency"]).optional(),
    acknowledge,
  })
  .strict();

/**
 * POST /api/failover. `acknowledge: true` accepts every risk the plan lists (flap window, possible
 * loss of the last transactions); a list accepts only the named ones.
 */
export const failoverBodySchema = z
  .object({
    candidate: serverId,
    cluster: serverId.optional(),
    mode: z.enum(["graceful", "emergency"]),
    acknowledge,
  })
  .strict();

export type FailoverPlanBody = z.infer<typeof failoverPlanBodySchema>;
export type FailoverBody = z.infer<typeof failoverBodySchema>;
export type Acknowledgement = FailoverBody["acknowledge"];

/** GET /api/failover */
export const failoverRunsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(10), cluster: serverId.optional() }).strict();
