import type { Connection } from "mysql2/promise";
import type { ServerConfig } from "@/lib/config";
import {
  closeQuietly,
  connectionThreadId,
  ensureHeartbeatTable,
  isTimeoutError,
  isUnreachableError,
  openConnection,
  readGlobalStatus,
  readHeartbeats,
  readDigestAccounts,
  readProcesslist,
  readReplication,
  readStatementDigests,
  readVariables,
  writeHeartbeat,
} from "@/lib/mysql";
import type { GlobalStatus } from "@/lib/mysql/types";
import { isLeader } from "@/lib/leader";
import { ratesBetween, writeRatesBetween } from "./rates";
import { DigestWriters } from "./digest-writers";
import { countPoll, emptyPollStats } from "./poll-stats";
import { TopWriters } from "./top-writers";
import type { ServerSample } from "./types";

export interface PollerOptions {
  password: string;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
  heartbeat: { enabled: boolean; database: string };
  /** How often to read performance_schema's statement digests where it is ON (default 10 s). */
  digestIntervalMs?: number;
}

const DEFAULT_DIGEST_INTERVAL_MS = 10_000;
/** A baseline read takes every write digest up to this many; later reads only recent ones. */
const BASELINE_DIGESTS = 1000;
const RECENT_DIGESTS = 50;

/** Short, credential-free words for why a poll failed. */
function describeError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (isTimeoutError(err) || e?.code === "ETIMEDOUT") return "timed out";
  if (e?.code === "ECONNREFUSED") return "connection refused";
  if (e?.code === "ER_ACCESS_DENIED_ERROR") return "access denied for the monitoring user";
  const msg = (e?.message ?? String(err)).split("\n")[0];
  return msg.length > 200 ? `${msg.slice(0, 200)}…` : msg;
}

/** What is known of a server before its first poll ends. */
export function unpolledSample(server: ServerConfig): ServerSample {
  return {
    id: server.id,
    name: server.name ?? server.id,
    host: server.host,
    port: server.port,
    sampledAt: 0,
    reachable: false,
    error: "not polled yet",
    lastSeenAt: null,
    variables: null,
    replication: [],
    status: null,
    rates: null,
    heartbeats: [],
    heartbeatError: null,
    processlist: [],
    selfThreadIds: [],
  };
}

/**
 * Polls one server over one dedicated connection. A poll never overlaps the previous one, every
 * query has a timeout, and any failure drops the connection so the next poll reconnects afresh.
 * It keeps the last-known state when a poll fails, marked unreachable.
 */
export class ServerPoller {
  private conn: Connection | null = null;
  private inFlightSince: number | null = null;
  private inFlight: Promise<void> = Promise.resolve();
  private lastCounters: { status: GlobalStatus; at: number } | null = null;
  private heartbeatTableReady = false;
  private closed = false;
  /** Which statements were seen writing, from each poll's processlist (the processlist's "who is writing"). */
  readonly topWriters = new TopWriters();
  /** Who is writing from performance_schema digests, on servers where it is ON. */
  readonly digestWriters: DigestWriters;
  /** Why the last digest read failed (a missing grant, say); null when it worked or was not tried. */
  digestError: string | null = null;
  private lastDigestReadAt: number | null = null;
  /** Polls, failures and durations since start, for /api/metrics. */
  readonly pollStats = emptyPollStats();
  sample: ServerSample;

  constructor(
    readonly server: ServerConfig,
    private readonly options: PollerOptions,
  ) {
    // The console's own heartbeat writes are not a batch job: leave them out of "who is writing".
    const heartbeatTable = `${options.heartbeat.database}.heartbeat`.toLowerCase();
    this.digestWriters = new DigestWriters(undefined, (text) =>
      text.replace(/[`\s]/g, "").toLowerCase().includes(heartbeatTable),
    );
    this.sample = unpolledSample(server);
  }

  /** ms the current poll has been running, or 0 when idle. */
  busyFor(now: number): number {
    return this.inFlightSince == null ? 0 : now - this.inFlightSince;
  }

  /** Start a poll unless one is still running; resolves when it (or the running one) ends, never rejects. */
  poll(): Promise<void> {
    if (this.inFlightSince != null || this.closed) return this.inFlight;
    const started = (this.inFlightSince = Date.now());
    let failed = false;
    return (this.inFlight = this.pollOnce()
      .catch((err) => {
        failed = true;
        this.markFailed(err);
      })
      .finally(() => {
        this.inFlightSince = null;
        countPoll(this.pollStats, (Date.now() - started) / 1000, failed);
      }));
  }

  private async connection(): Promise<Connection> {
    if (this.conn) return this.conn;
    const { host, port, user } = this.server;
    this.conn = await openConnection(
      { host, port, user, password: this.options.password },
      { connectTimeoutMs: this.options.connectTimeoutMs },
    );
    this.heartbeatTableReady = false;
    // A dropped connection must never be reused.
    this.conn.on("error", () => this.dropConnection());
    return this.conn;
  }

  private dropConnection(): void {
    if (this.conn) closeQuietly(this.conn);
    this.conn = null;
  }

  private async pollOnce(): Promise<void> {
    const t = this.options.queryTimeoutMs;
    const conn = await this.connection();
    const variables = await readVariables(conn, t);
    let heartbeatError: string | null = null;
    const { heartbeat } = this.options;
    // Only the leading console stamps (lib/leader): one stream of heartbeat writes however many consoles watch.
    if (heartbeat.enabled && !variables.readOnly && isLeader()) {
      try {
        await this.writeOwnHeartbeat(conn, variables.serverId, t);
      } catch (err) {
        if (isTimeoutError(err) || isUnreachableError(err)) throw err;
        heartbeatError = describeError(err);
      }
    }
    const replication = await readReplication(conn, variables.dialect, t);
    const status = await readGlobalStatus(conn, t);
    const heartbeats = heartbeat.enabled ? await readHeartbeats(conn, heartbeat.database, t) : [];
    const processlist = await readProcesslist(conn, t);
    const at = Date.now();
    const rates = ratesBetween(this.lastCounters, { status, at });
    const writeRates = writeRatesBetween(this.lastCounters, { status, at });
    this.lastCounters = { status, at };
    const selfThreadIds = [connectionThreadId(conn)].filter((id): id is number => id != null);
    this.topWriters.observe(processlist, selfThreadIds, at);
    if (variables.performanceSchema) await this.readDigestsWhenDue(conn, t);
    this.sample = {
      ...this.sample,
      sampledAt: at,
      reachable: true,
      error: null,
      lastSeenAt: at,
      variables,
      replication,
      status,
      rates,
      writeRates,
      heartbeats,
      heartbeatError,
      processlist,
      selfThreadIds,
    };
  }

  /**
   * Reads the write digests (and who ran them) every digestIntervalMs, slower than the poll: the
   * table can be big. A failure other than the server going away leaves the poll intact and the
   * processlist sampling as the answer.
   */
  private async readDigestsWhenDue(conn: Connection, timeoutMs: number): Promise<void> {
    const now = Date.now();
    const interval = this.options.digestIntervalMs ?? DEFAULT_DIGEST_INTERVAL_MS;
    if (this.lastDigestReadAt != null && now - this.lastDigestReadAt < interval) return;
    this.lastDigestReadAt = now;
    try {
      const activeWithinSeconds = this.digestWriters.activeWithinSeconds(now);
      const limit = activeWithinSeconds == null ? BASELINE_DIGESTS : RECENT_DIGESTS;
      const digests = await readStatementDigests(conn, { activeWithinSeconds, limit }, timeoutMs);
      const at = Date.now();
      this.digestWriters.observe(digests, at);
      this.digestWriters.attribute(await readDigestAccounts(conn, this.digestWriters.recentDigests(), timeoutMs), at);
      this.digestWriters.attributeFromSampling(this.topWriters.top("time", 500));
      this.digestError = null;
    } catch (err) {
      if (isTimeoutError(err) || isUnreachableError(err)) throw err;
      this.digestError = describeError(err);
    }
  }

  /** Writes pt-heartbeat's row for this server; the caller decides whether a failure is fatal. */
  private async writeOwnHeartbeat(conn: Connection, serverId: number, timeoutMs: number): Promise<void> {
    const { database } = this.options.heartbeat;
    if (!this.heartbeatTableReady) {
      await ensureHeartbeatTable(conn, database, timeoutMs);
      this.heartbeatTableReady = true;
    }
    await writeHeartbeat(conn, database, serverId, timeoutMs);
  }

  private markFailed(err: unknown): void {
    this.dropConnection();
    this.lastCounters = null;
    this.sample = {
      ...this.sample,
      sampledAt: Date.now(),
      reachable: false,
      error: describeError(err),
      rates: null,
      writeRates: null,
      processlist: [],
    };
  }

  close(): void {
    this.closed = true;
    this.dropConnection();
  }
}
