/** lib/runbooks: what to do about each problem and alert; shipped defaults, admin edits in the store. */
export { DEFAULT_RUNBOOKS, RUNBOOK_FOR_CODE, runbookSlugFor, type RunbookDefault } from "./defaults";
export { getRunbook, listRunbooks, resetRunbook, saveRunbook, type Runbook } from "./store";
export { runbookBodySchema, runbookParamsSchema } from "./schema";
