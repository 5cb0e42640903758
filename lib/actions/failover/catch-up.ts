/** Waiting until a server has applied a position: GTID when there is one, binlog coordinates otherwise. */
import { readReplication, readVariables, type Connection, type Dialect } from "@/lib/mysql";
import { waitForGtid } from "@/lib/mysql/failover";
import { gtidCovers, gtidMissing } from "./gtid";

const SLICE_MS = 250;
const QUERY_MS = 1500;

export interface CatchUpResult {
  waitedMs: number;
  position: string;
}

export class CatchUpTimeout extends Error {
  constructor(
    message: string,
    readonly missing: number | null,
  ) {
    super(message);
    this.name = "CatchUpTimeout";
  }
}

/**
 * Wait until the server behind `conn` holds every transaction of `target`. The server's own
 * wait (MASTER_GTID_WAIT / WAIT_FOR_EXECUTED_GTID_SET) runs in short slices with a look at
 * gtid_current_pos between them: MariaDB's wait only counts replicated transactions, the
 * position also counts the server's own.
 */
export async function waitForPosition(conn: Connection, dialect: Dialect, target: string, timeoutMs: number): Promise<CatchUpResult> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  for (;;) {
    const v = await readVariables(conn, QUERY_MS);
    const have = v.gtidCurrentPos ?? v.gtidExecuted ?? "";
    if (gtidCovers(have, target)) return { waitedMs: Date.now() - started, position: have };
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      const missing = gtidMissing(target, have);
      throw new CatchUpTimeout(`still ${missing} transaction(s) short of ${target} after ${timeoutMs} ms (at ${have || "nothing"})`, missing);
    }
    await waitForGtid(conn, dialect, target, Math.min(remaining, SLICE_MS));
  }
}

/** Without GTID: wait until the replica's SQL thread has executed the source's binlog up to file:pos. */
export async function waitForCoordinates(
  conn: Connection,
  dialect: Dialect,
  target: { file: string; position: number },
  timeoutMs: number,
): Promise<CatchUpResult> {
  const started = Date.now();
  for (;;) {
    const [ch] = await readReplication(conn, dialect, QUERY_MS);
    const file = ch?.execSourceLogFile ?? "";
    const pos = ch?.execSourceLogPos ?? 0;
    if (file > target.file || (file === target.file && pos >= target.position)) return { waitedMs: Date.now() - started, position: `${file}:${pos}` };
    if (Date.now() - started >= timeoutMs) throw new CatchUpTimeout(`applied up to ${file}:${pos}, short of ${target.file}:${target.position} after ${timeoutMs} ms`, null);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Without GTID: wait until the replica has executed everything its IO thread read. */
export async function waitForRelayApplied(conn: Connection, dialect: Dialect, timeoutMs: number): Promise<CatchUpResult> {
  const [ch] = await readReplication(conn, dialect, QUERY_MS);
  if (!ch?.readSourceLogFile || ch.readSourceLogPos == null) return { waitedMs: 0, position: "unknown" };
  return waitForCoordinates(conn, dialect, { file: ch.readSourceLogFile, position: ch.readSourceLogPos }, timeoutMs);
}
