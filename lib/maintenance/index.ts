/** lib/maintenance: the site's maintenance mode (switch, scheduled windows) and its drivers. */
export {
  cancelWindow,
  createWindow,
  getMaintenance,
  getWindow,
  lastSwitchChange,
  listWindows,
  setMaintenanceSwitch,
} from "./state";
export { MaintenanceDrivers, reconcileMaintenance, type MaintenanceDriversDeps, type ReconcileOptions, type ReconcileResult } from "./drivers";
export { startMaintenanceScheduler, stopMaintenanceScheduler, SCHEDULER_TICK_MS } from "./scheduler";
export { maintenanceFollower, type MaintenanceFollower } from "./follower";
export { flagFileContent, removeFlagFile, writeFlagFile, DEFAULT_VISITOR_MESSAGE } from "./flag-file";
export { hookSummary, runHook, type HookOutcome, type HookSummary } from "./hooks";
export {
  createWindowBodySchema,
  putMaintenanceBodySchema,
  windowParamsSchema,
  type CreateWindowBody,
  type PutMaintenanceBody,
} from "./schema";
export { MAINTENANCE_OFF, type MaintenanceState, type MaintenanceWindow } from "./types";
