export { analyseFleet, findProblems, healthOf, isReadEligible, type AnalyseOptions } from "./analyse";
export { replicaLag, heartbeatIsFresh, type Lag } from "./lag";
export { deriveRoles, sourceIdOf, sourceMap, type Roles } from "./roles";
export type * from "./types";
