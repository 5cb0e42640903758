/**
 * The lab: real MariaDB servers on loopback in the story's shape (db1 <-> db2 master-master,
 * db3 and db4 replicas of db1), a demo shop, a workload and the incident's scenarios.
 * Usable from scripts, tests and benchmarks without Next.
 */
export { labPaths, testLab, LAB_SERVER_IDS, DEFAULT_PORT_BASE, DEFAULT_CUTOFF_SECONDS, isLabServerId } from "./paths";
export type { LabOptions, LabPaths, LabServerId, LabServerPaths } from "./paths";
export { labUp } from "./up";
export { freePort, portInUse } from "./ports";
export type { LabInfo, LabUpOptions } from "./up";
export { labDown } from "./down";
export type { LabDownResult } from "./down";
export { labStatus, formatStatus } from "./status";
export type { LabStatus, LabServerStatus } from "./status";
export {
  scenario,
  SCENARIOS,
  stopSql,
  startSql,
  freeze,
  thaw,
  killServer,
  startServer,
  rogueQuery,
  startBatchLag,
  startAppPileup,
  ROGUE_SQL,
} from "./scenarios";
export type { ScenarioName } from "./scenarios";
export { batchLag } from "./batch-lag";
export { appPileup } from "./app-pileup";
export type { AppPileupOptions, AppPileupResult } from "./app-pileup";
export type { BatchLagOptions, BatchLagResult } from "./batch-lag";
export { startSite } from "./site-process";
export { labAppServerConfig, LAB_PHP_FPM_WORKERS } from "./app-tier";
export { startWorkload } from "./workload";
export type { Workload, WorkloadOptions } from "./workload";
export { readSecrets, LAB_USERS, LAB_TOKENS } from "./secrets";
export type { LabSecrets } from "./secrets";
export { readLabConfig } from "./config";
export type { LabConfig } from "./config";
export { rootConnection } from "./sql";
