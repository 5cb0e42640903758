import { z } from "zod";

/** Route params of POST /api/servers/{id}/processes/{pid}/kill: pid is a positive thread id. */
export const killParamsSchema = z.object({
  id: z.string().min(1).max(64),
  pid: z
    .string()
    .regex(/^[1-9]\d{0,17}$/, "must be a positive whole thread id")
    .transform(Number)
    .refine(Number.isSafeInteger, "thread id too large"),
});

/**
 * Body: `mode` (default "query": stop the statement, keep the session). `info` and `timeSeconds`
 * are what the caller saw when it decided to kill; when sent, the thread must still run that
 * statement and its Time must not have gone backwards (ids are reused, statements restart).
 */
export const killBodySchema = z
  .object({
    mode: z.enum(["query", "connection"]).default("query"),
    info: z.string().max(1_000_000).nullable().optional(),
    timeSeconds: z.number().min(0).optional(),
  })
  .strict()
  .default({ mode: "query" });

export type KillBody = z.output<typeof killBodySchema>;

/** The safety rules a kill can be refused by (409 body `rule`); kill_in_progress: another kill of the thread is under way. */
export type KillRule = "replication_thread" | "system_thread" | "console_connection" | "statement_changed" | "kill_in_progress";

/** killed: KILL succeeded; already_gone: the thread ended before KILL reached it; no_privilege: the monitoring user may not kill it. */
export type KillResult = "killed" | "already_gone" | "no_privilege";
