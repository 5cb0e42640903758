/** lib/processlist: pure functions over the collector's processlist samples. */
export { classifyProcess, flagsOf, isInteractiveClient, isLongRunningStatement, kindOf, type StatementThread } from "./classify";
export { byKindThenTime, byTimeDescending, filterAndSort, foldBackground, matchesFilters, processlistQuerySchema, type ProcesslistFilters } from "./filters";
export { capStatementText, fingerprint, maskSecrets, sameStatement, STATEMENT_TEXT_CAP, writeKindOf, WRITE_KINDS, type WriteKind } from "./statement";
export { statementReaderFor, type StatementReader } from "./visible-text";
export { processlistView, type ProcesslistView, type ProcesslistViewInput } from "./view";
export { writersQuerySchema, writersView, type WritersFacts, type WritersQuery, type WritersView } from "./writers-view";
export { replicaActivityOf, type ReplicaActivity } from "./replica-activity";
export { fleetProcesses } from "./fleet";
export { PROCESS_KINDS, type ClassifyContext, type ProcessFlag, type ProcessKind, type ProcessView } from "./types";
export { causeView, replicaActivityHref, writersHref, type CauseInput, type CauseView, type ProblemAction, type ReplicaCause } from "./cause";
export { statementTarget, type StatementTarget } from "./statement-target";
