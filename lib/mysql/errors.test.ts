import { describe, expect, it } from "vitest";
import {
  ConnectionClosedError,
  QueryTimeoutError,
  isAccessDeniedError,
  isMissingTableError,
  isNoSuchThreadError,
  isReadOnlyError,
  isTimeoutError,
  isUnreachableError,
  mysqlErrno,
} from "./errors";

/** The shape mysql2 gives server errors: code, errno, sqlState, sqlMessage. */
const serverError = (errno: number, code: string) =>
  Object.assign(new Error(code), { errno, code, fatal: false });

describe("error classification", () => {
  it("recognises a missing heartbeat table or database", () => {
    expect(isMissingTableError(serverError(1146, "ER_NO_SUCH_TABLE"))).toBe(
      true,
    );
    expect(isMissingTableError(serverError(1049, "ER_BAD_DB_ERROR"))).toBe(
      true,
    );
    expect(isMissingTableError(serverError(1064, "ER_PARSE_ERROR"))).toBe(
      false,
    );
  });

  it("recognises a thread that is already gone, refusals and read-only servers", () => {
    expect(isNoSuchThreadError(serverError(1094, "ER_NO_SUCH_THREAD"))).toBe(
      true,
    );
    expect(
      isAccessDeniedError(serverError(1227, "ER_SPECIFIC_ACCESS_DENIED_ERROR")),
    ).toBe(true);
    expect(
      isReadOnlyError(serverError(1290, "ER_OPTION_PREVENTS_STATEMENT")),
    ).toBe(true);
    expect(mysqlErrno(new Error("plain"))).toBeUndefined();
    expect(mysqlErrno(null)).toBeUndefined();
  });

  it("separates an unreachable server from an SQL error", () => {
    expect(isUnreachableError(new QueryTimeoutError("SELECT 1", 100))).toBe(
      true,
    );
    expect(isUnreachableError(new ConnectionClosedError())).toBe(true);
    expect(
      isUnreachableError(
        Object.assign(new Error("refused"), { code: "ECONNREFUSED" }),
      ),
    ).toBe(true);
    expect(
      isUnreachableError(
        Object.assign(new Error("lost"), {
          code: "PROTOCOL_CONNECTION_LOST",
          fatal: true,
        }),
      ),
    ).toBe(true);
    expect(isUnreachableError(serverError(1146, "ER_NO_SUCH_TABLE"))).toBe(
      false,
    );
    expect(isTimeoutError(new QueryTimeoutError("SELECT 1", 100))).toBe(true);
    expect(
      isTimeoutError(
        Object.assign(new Error("t"), { code: "PROTOCOL_SEQUENCE_TIMEOUT" }),
      ),
    ).toBe(true);
  });
});
