/** Recognising MySQL/MariaDB and mysql2 errors by number or code, not by message text. */

export const ER_DBACCESS_DENIED_ERROR = 1044;
export const ER_ACCESS_DENIED_ERROR = 1045;
export const ER_BAD_DB_ERROR = 1049;
export const ER_NO_SUCH_THREAD = 1094;
export const ER_NO_SUCH_TABLE = 1146;
export const ER_SPECIFIC_ACCESS_DENIED_ERROR = 1227;
export const ER_OPTION_PREVENTS_STATEMENT = 1290; // e.g. --read-only / --super-read-only

/** Thrown by query() when the server did not answer in time; the connection is destroyed. */
export class QueryTimeoutError extends Error {
  readonly code = "HOTSEAT_QUERY_TIMEOUT";
  constructor(
    readonly sql: string,
    readonly timeoutMs: number,
  ) {
    super(`query timed out after ${timeoutMs} ms`);
    this.name = "QueryTimeoutError";
  }
}

/** Thrown by query() on a connection that was closed, timed out or lost. */
export class ConnectionClosedError extends Error {
  readonly code = "HOTSEAT_CONNECTION_CLOSED";
  constructor(message = "connection is closed") {
    super(message);
    this.name = "ConnectionClosedError";
  }
}

/** The server's error number (err.errno), if err came from the server. */
export function mysqlErrno(err: unknown): number | undefined {
  const errno = (err as { errno?: unknown } | null)?.errno;
  return typeof errno === "number" ? errno : undefined;
}

/** The error code string (server: "ER_NO_SUCH_TABLE"; network: "ECONNREFUSED"; ours: "HOTSEAT_..."). */
export function mysqlErrorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

export function isMissingTableError(err: unknown): boolean {
  const errno = mysqlErrno(err);
  return errno === ER_NO_SUCH_TABLE || errno === ER_BAD_DB_ERROR;
}

export function isNoSuchThreadError(err: unknown): boolean {
  return mysqlErrno(err) === ER_NO_SUCH_THREAD;
}

export function isAccessDeniedError(err: unknown): boolean {
  const errno = mysqlErrno(err);
  return (
    errno === ER_ACCESS_DENIED_ERROR ||
    errno === ER_DBACCESS_DENIED_ERROR ||
    errno === ER_SPECIFIC_ACCESS_DENIED_ERROR
  );
}

export function isReadOnlyError(err: unknown): boolean {
  return mysqlErrno(err) === ER_OPTION_PREVENTS_STATEMENT;
}

export function isTimeoutError(err: unknown): boolean {
  const code = mysqlErrorCode(err);
  return (
    code === "HOTSEAT_QUERY_TIMEOUT" ||
    code === "PROTOCOL_SEQUENCE_TIMEOUT" ||
    code === "ETIMEDOUT"
  );
}

const UNREACHABLE_CODES = new Set([
  "HOTSEAT_QUERY_TIMEOUT",
  "HOTSEAT_CONNECTION_CLOSED",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "PROTOCOL_CONNECTION_LOST",
  "ETIMEDOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "ER_CON_COUNT_ERROR",
]);

/** The server could not be reached or stopped answering (maps to HTTP 503), as opposed to an SQL error. */
export function isUnreachableError(err: unknown): boolean {
  const code = mysqlErrorCode(err);
  if (code !== undefined && UNREACHABLE_CODES.has(code)) return true;
  return (err as { fatal?: unknown } | null)?.fatal === true;
}
