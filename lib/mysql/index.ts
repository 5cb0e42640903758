/** lib/mysql: everything that speaks SQL to one server, and the only place that does. */
export type * from "./types";
export { detectDialect, hasSuperReadOnly, parseVersion } from "./dialect";
export {
  DEFAULT_QUERY_TIMEOUT_MS,
  MAX_CONNECT_TIMEOUT_MS,
  PROGRAM_NAME,
  closeQuietly,
  connectionThreadId,
  isUsable,
  openConnection,
  query,
  type Connection,
  type ConnectionTarget,
} from "./connection";
export {
  ConnectionClosedError,
  QueryTimeoutError,
  isAccessDeniedError,
  isMissingTableError,
  isNoSuchThreadError,
  isReadOnlyError,
  isTimeoutError,
  isUnreachableError,
  mysqlErrno,
  mysqlErrorCode,
} from "./errors";
export {
  asBoolean,
  asNumber,
  asString,
  asText,
  ioThreadState,
  normaliseGlobalStatus,
  normaliseHeartbeatRows,
  normaliseProcessRow,
  normaliseReplicationRow,
  normaliseVariables,
  normaliseStatementDigest,
  normaliseDigestAccount,
  type Row,
} from "./normalise";
export {
  DIGEST_ACCOUNTS_SQL,
  GLOBAL_STATUS_SQL,
  PROCESSLIST_SQL,
  statementDigestsSql,
  heartbeatReadSql,
  heartbeatTableSql,
  heartbeatWriteSql,
  killSql,
  quoteDatabase,
  readOnlySql,
  replicationStatusSql,
  variablesSql,
  type KillMode,
} from "./statements";
export {
  getDialect,
  readGlobalStatus,
  readProcesslist,
  readReplication,
  readVariables,
  readStatementDigests,
  readDigestAccounts,
} from "./readers";
export {
  ensureHeartbeatTable,
  readHeartbeats,
  writeHeartbeat,
} from "./heartbeat";
export { killThread, setReadOnly } from "./actions";
