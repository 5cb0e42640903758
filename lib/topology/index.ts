export { analyseFleet, findProblems, healthOf, isReadEligible, type AnalyseOptions } from "./analyse";
export { rankCandidates, type CandidateServer, type Promotion, type PromotionCandidate } from "./candidates";
export { replicaLag, heartbeatIsFresh, type Lag } from "./lag";
export { graphOf, replicationGraph, sourceIdOf, type ReplicationGraph } from "./replication";
export { deriveRoles, type RoleInput, type Roles } from "./roles";
export type * from "./input";
export type * from "./types";
