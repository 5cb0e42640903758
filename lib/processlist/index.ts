/** lib/processlist: pure functions over the collector's processlist samples. */
export { classifyProcess, flagsOf, isInteractiveClient, kindOf } from "./classify";
export { byTimeDescending, filterAndSort, matchesFilters, processlistQuerySchema, type ProcesslistFilters } from "./filters";
export { fingerprint, maskSecrets, sameStatement, writeKindOf, WRITE_KINDS, type WriteKind } from "./statement";
export { replicaActivityOf, type ReplicaActivity } from "./replica-activity";
export { fleetProcesses } from "./fleet";
export { PROCESS_KINDS, type ClassifyContext, type ProcessFlag, type ProcessKind, type ProcessView } from "./types";
