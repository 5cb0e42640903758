/**
 * The leader election of consoles that share a PostgreSQL store: the console whose own session
 * holds a session-level advisory lock leads. When that console dies its socket closes, PostgreSQL
 * ends the session and releases the lock, and a follower's next try (every second) takes it.
 *
 * The lock lives on a dedicated pg.Client, never on the store's pool: a pooled connection is shared
 * and recycled, and a lock taken on one would be held (or lost) behind the election's back.
 */
import pg from "pg";
import { processSlot } from "@/lib/process-singleton";
import { setPrunes, storeTarget, type StoreTarget } from "@/lib/store";
import { isLeader, setLeader } from "./index";
import { instanceName } from "./instance";

/** The advisory lock's key, the same for every console (advisory locks are per database). */
export const LEADER_LOCK_KEY = 7_326_480_101;

export interface ElectionOptions {
  url: string;
  /** Shown in pg_stat_activity.application_name, so an operator sees who holds the lock. */
  instance?: string;
  /** Told every change of this election's leadership (default: the process's setLeader). */
  onLeadership?: (leader: boolean) => void;
  /** How often the leader checks its session and a follower tries the lock (ms). */
  everyMs?: number;
  /** A check or try slower than this counts as a dead session (ms). */
  checkTimeoutMs?: number;
  connectTimeoutMs?: number;
  key?: number;
  log?: (message: string) => void;
}

export class LeaderElection {
  private client: pg.Client | null = null;
  private leading = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly everyMs: number;
  private readonly checkTimeoutMs: number;

  constructor(private readonly options: ElectionOptions) {
    this.everyMs = options.everyMs ?? 1000;
    this.checkTimeoutMs = options.checkTimeoutMs ?? 2000;
  }

  /** Whether this election holds the lock now. */
  get leader(): boolean {
    return this.leading;
  }

  /** Starts as a follower (told so at once) and tries the lock now, then every second. */
  start(): this {
    this.tell(false);
    this.schedule(0);
    return this;
  }

  /** Ends the session, which releases the lock for another console; this one follows from now. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    if (this.leading) this.tell(false);
    await client?.end().catch(() => undefined);
  }

  private log(message: string): void {
    (this.options.log ?? ((m) => console.error(`[hotseat] ${m}`)))(message);
  }

  private tell(leader: boolean): void {
    this.leading = leader;
    (this.options.onLeadership ?? setLeader)(leader);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    let client: pg.Client | null = null;
    try {
      client = this.client ?? (await this.connect());
      if (this.leading) {
        await client.query("SELECT 1");
      } else {
        const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS locked", [
          this.options.key ?? LEADER_LOCK_KEY,
        ]);
        // The session may have died while the answer was on its way: only a live one leads.
        if (rows[0]?.locked === true && client === this.client && !this.stopped) {
          this.tell(true);
          this.log(`leader election: ${this.instance} leads`);
        }
      }
    } catch (err) {
      if (client) this.lost(client, (err as Error).message);
      else if (!this.stopped) this.log(`leader election: cannot reach the store: ${(err as Error).message}`);
    }
    this.schedule(this.everyMs);
  }

  private get instance(): string {
    return this.options.instance ?? instanceName();
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.options.url,
      connectionTimeoutMillis: this.options.connectTimeoutMs ?? 3000,
      // Every check and try: an answer slower than this is a dead session.
      query_timeout: this.checkTimeoutMs,
      application_name: `hotseat leader election ${this.instance}`.slice(0, 63),
      keepAlive: true,
    });
    client.on("error", (err) => this.lost(client, err.message));
    client.on("end", () => this.lost(client, "the session ended"));
    try {
      await client.connect();
    } catch (err) {
      client.end().catch(() => undefined);
      throw err;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      throw new Error("stopped");
    }
    // A leader cut off from the server steps down at its next check, but the server holds the lock
    // until it drops the session: keepalives on this session bound that to about 11 s (else the
    // system's default, hours) before another console can lead.
    try {
      await client.query("SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3");
    } catch (err) {
      client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
    return client;
  }

  /**
   * The session is gone or did not answer in time: the lock may be gone with it, so leadership
   * ends now, not when a later query finds out. The session is closed (releasing the lock if the
   * server still holds it for us) and the next tick reconnects.
   */
  private lost(client: pg.Client, why: string): void {
    if (client !== this.client) return;
    this.client = null;
    client.end().catch(() => undefined);
    if (this.leading) {
      this.tell(false);
      this.log(`leader election: ${this.instance} stops leading (${why})`);
    }
  }
}

const election = processSlot<LeaderElection>("__hotseatElection");

/**
 * Starts this process's election once: on a store of its own (SQLite) the console leads with no
 * election; on PostgreSQL it follows until its session holds the lock. Only the leader prunes.
 */
export function startLeaderElection(target: StoreTarget = storeTarget()): LeaderElection | null {
  setPrunes(isLeader);
  if (target.engine !== "postgres") {
    setLeader(true);
    return null;
  }
  const running = election.get();
  if (running) return running;
  const started = new LeaderElection({ url: target.url }).start();
  election.set(started);
  return started;
}

/** Stops the process's election (tests, shutdown): the lock goes to another console. */
export async function stopLeaderElection(): Promise<void> {
  const running = election.get();
  election.set(undefined);
  await running?.stop();
}
