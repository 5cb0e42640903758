export { analyseFleet, healthOf, isReadEligible, type AnalyseOptions, type HealthContext } from "./analyse";
export { rankCandidates, type CandidateServer, type Promotion, type PromotionCandidate } from "./candidates";
export { groupClusters, type ClusterGroup, type ClusterOptions, type ClusterSetting } from "./clusters";
export { replicaLag, heartbeatIsFresh, type Lag } from "./lag";
export { clusterProblems, sortProblems, type ClusterFacts, type Overload } from "./problems";
export { graphOf, replicationGraph, sourceIdOf, type ReplicationGraph } from "./replication";
export { deriveRoles, downstreamOf, type RoleInput, type Roles } from "./roles";
export type * from "./input";
export type * from "./types";
