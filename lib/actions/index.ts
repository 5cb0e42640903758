/** lib/actions: the console's state-changing actions, each checked against live state and audited. */
export { killProcess, type KillDeps, type KillOutcome, type KillRequest } from "./kill";
export { killBodySchema, killParamsSchema, type KillBody, type KillResult, type KillRule } from "./kill-schema";
