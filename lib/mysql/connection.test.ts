/**
 * Connection handling against real sockets on loopback: a TCP peer that never speaks (a frozen
 * server before the handshake) and mysql2's own protocol server standing in for a server that
 * completes the handshake, then freezes (answers no statement). Real MySQL behaviour is covered by
 * the integration tests against the lab.
 */
import net from "node:net";
import type { AddressInfo } from "node:net";
import mysql from "mysql2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closeQuietly,
  connectionThreadId,
  isUsable,
  openConnection,
  query,
} from "./connection";
import {
  ConnectionClosedError,
  QueryTimeoutError,
  isUnreachableError,
  mysqlErrorCode,
} from "./errors";

const target = (port: number) => ({
  host: "127.0.0.1",
  port,
  user: "hotseat",
  password: "",
});

/** Accepts TCP connections and never sends a byte. */
let silent: net.Server;
/** The slice of mysql2's protocol server used here; its .d.ts types almost none of it. */
interface StandInSession {
  stream: net.Socket;
  sequenceId: number;
  clientHelloReply?: { connectAttributes?: Record<string, string> };
  on(event: "error" | "query", listener: (arg: unknown) => void): void;
  serverHandshake(args: Record<string, unknown>): void;
}
interface StandInServer {
  on(event: "connection", listener: (session: StandInSession) => void): void;
  listen(port: number, host: string, callback: () => void): void;
  close(callback: () => void): void;
  _server: net.Server;
}
const createStandIn = mysql.createServer as unknown as () => StandInServer;

/** Completes the handshake, then never answers a statement: a server frozen mid-session. */
let frozen: StandInServer;
let frozenPort = 0;
const serverSessions: StandInSession[] = [];
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  silent = net.createServer((s) => {
    sockets.add(s);
    s.on("error", () => {});
  });
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));

  frozen = createStandIn();
  frozen.on("connection", (conn) => {
    serverSessions.push(conn);
    sockets.add(conn.stream);
    conn.on("error", () => {});
    conn.stream.on("error", () => {});
    conn.on("query", () => {}); // frozen: takes the statement, never answers
    conn.serverHandshake({
      protocolVersion: 10,
      serverVersion: "10.11.19-MariaDB-0+deb12u1-log",
      connectionId: 4242,
      statusFlags: 2,
      characterSet: 33,
      capabilityFlags: 0xffffff,
    });
  });
  await new Promise<void>((r) => frozen.listen(0, "127.0.0.1", () => r()));
  frozenPort = (frozen._server.address() as AddressInfo).port;
});

/** Connects to the frozen stand-in, ready for statements it will never answer. */
async function openFrozen() {
  const conn = await openConnection(target(frozenPort));
  // mysql2's server keeps counting packets after the handshake, while a client command starts
  // at 0: reset it so the stand-in does not print "packets out of order".
  serverSessions.at(-1)!.sequenceId = 0;
  return conn;
}

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
  await new Promise<void>((r) => frozen.close(() => r()));
});

describe("openConnection", () => {
  it("gives up on a server that never answers the handshake", async () => {
    const started = Date.now();
    const err = await openConnection(
      target((silent.address() as AddressInfo).port),
      { connectTimeoutMs: 200 },
    ).catch((e) => e);
    expect(mysqlErrorCode(err)).toBe("ETIMEDOUT");
    expect(isUnreachableError(err)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("caps the connect timeout at 2 s", async () => {
    const started = Date.now();
    const err = await openConnection(
      target((silent.address() as AddressInfo).port),
      { connectTimeoutMs: 60_000 },
    ).catch((e) => e);
    expect(mysqlErrorCode(err)).toBe("ETIMEDOUT");
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(3500);
  });

  it("reports a refused port as unreachable at once", async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const err = await openConnection(target(port)).catch((e) => e);
    expect(mysqlErrorCode(err)).toBe("ECONNREFUSED");
    expect(isUnreachableError(err)).toBe(true);
  });

  it("names itself hotseat in the connection attributes and knows its thread id", async () => {
    const conn = await openConnection(target(frozenPort));
    try {
      expect(connectionThreadId(conn)).toBe(4242);
      expect(
        serverSessions.at(-1)?.clientHelloReply?.connectAttributes,
      ).toMatchObject({ program_name: "hotseat" });
    } finally {
      closeQuietly(conn);
    }
  });
});

describe("query deadlines", () => {
  it("rejects a query the server never answers, and destroys the connection", async () => {
    const conn = await openFrozen();
    const started = Date.now();
    const err = await query(conn, "SELECT SLEEP(60)", [], 300).catch((e) => e);
    expect(err).toBeInstanceOf(QueryTimeoutError);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(isUsable(conn)).toBe(false);
    await expect(
      query(
        conn,
        "SELECT @@version AS version, @@version_comment AS version_comment",
      ),
    ).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it("counts time queued behind a stuck query and fails the queued ones with it", async () => {
    const conn = await openFrozen();
    const started = Date.now();
    const [stuck, queued] = await Promise.allSettled([
      query(conn, "SELECT SLEEP(60)", [], 10_000),
      query(
        conn,
        "SELECT @@version AS version, @@version_comment AS version_comment",
        [],
        300,
      ),
    ]);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(queued.status === "rejected" && queued.reason).toBeInstanceOf(
      QueryTimeoutError,
    );
    expect(stuck.status === "rejected" && stuck.reason).toBeInstanceOf(
      ConnectionClosedError,
    );
  });

  it("closeQuietly is idempotent and never throws", async () => {
    const conn = await openFrozen();
    closeQuietly(conn);
    closeQuietly(conn);
    expect(isUsable(conn)).toBe(false);
  });
});
