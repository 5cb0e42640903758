/** Failover of the writer to its co-master, and failback: plan, guarded switch, runs, fencing. */
export { planFailover, runFailover, type FailoverRequest } from "./request";
export type { FailoverDeps } from "./deps";
export { failoverOverview, type FailoverOverview } from "./overview";
export { buildPlan, planReplicas, type PlanInput } from "./plan";
export { probeFleet, probeServer, type FleetProbe, type LiveProbe, type ServerProbe } from "./probe";
export { getRun, lastSuccessfulRun, listRuns } from "./runs";
export { recoverInterruptedRuns, recoveryFor, startFailoverRecovery } from "./recovery";
export { consoleOwner } from "./lease";
export { cancelFence, fenceOnce, fenceProgress, pendingFences, startFence, type FenceProgress } from "./fence";
export { gtidCovers, gtidMissing } from "./gtid";
export { failoverBodySchema, failoverPlanBodySchema, failoverRunsQuerySchema, type Acknowledgement } from "./schema";
export type * from "./types";
