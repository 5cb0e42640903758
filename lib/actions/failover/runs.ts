/** Failover runs in the store: created when a switch starts, its steps rewritten as each one ends. */
import { getStore, type StoreDb } from "@/lib/store";
import { consoleOwner, leaseUntil, ownerIsGone } from "./lease";
import type { FailoverMode, FailoverPlan, FailoverRun, FailoverStep, RunStatus } from "./types";

interface RunRow {
  id: number;
  started_at: string;
  finished_at: string | null;
  actor: string;
  mode: string;
  from_server: string | null;
  to_server: string;
  status: string;
  message: string | null;
  steps: string;
  plan: string | null;
  owner: string | null;
  lease_expires_at: string | null;
}

function parse<T>(json: string | null, fallback: T): T {
  if (!json) return fallback;
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}

function toRun(row: RunRow): FailoverRun {
  return {
    id: row.id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    actor: row.actor,
    mode: row.mode as FailoverMode,
    from: row.from_server,
    to: row.to_server,
    status: row.status as RunStatus,
    message: row.message,
    steps: parse<FailoverStep[]>(row.steps, []),
    plan: parse<FailoverPlan | null>(row.plan, null),
  };
}

/** A new run, owned by this console under a fresh lease (see holdLease). */
export function createRun(
  run: { actor: string; mode: FailoverMode; from: string | null; to: string; plan: FailoverPlan },
  db: StoreDb = getStore(),
  owner: string = consoleOwner(),
): FailoverRun {
  const row = db
    .prepare(
      `INSERT INTO failover_runs (started_at, actor, mode, from_server, to_server, status, steps, plan, owner, lease_expires_at)
       VALUES (?, ?, ?, ?, ?, 'running', '[]', ?, ?, ?) RETURNING *`,
    )
    .get(new Date().toISOString(), run.actor, run.mode, run.from, run.to, JSON.stringify(run.plan), owner, leaseUntil()) as RunRow;
  return toRun(row);
}

export function saveSteps(id: number, steps: FailoverStep[], db: StoreDb = getStore()): void {
  db.prepare(`UPDATE failover_runs SET steps = ? WHERE id = ?`).run(JSON.stringify(steps), id);
}

/**
 * End a run that is still running. One that another console already marked interrupted (its lease
 * ran out while this one was stalled) keeps what the recovery wrote.
 */
export function finishRun(id: number, status: Exclude<RunStatus, "running" | "interrupted">, message: string, steps: FailoverStep[], db: StoreDb = getStore()): FailoverRun {
  const row = db
    .prepare(`UPDATE failover_runs SET status = ?, message = ?, steps = ?, finished_at = ?, lease_expires_at = NULL WHERE id = ? AND status = 'running' RETURNING *`)
    .get(status, message, JSON.stringify(steps), new Date().toISOString(), id) as RunRow | undefined;
  return row ? toRun(row) : getRun(id, db)!;
}

export function getRun(id: number, db: StoreDb = getStore()): FailoverRun | null {
  const row = db.prepare(`SELECT * FROM failover_runs WHERE id = ?`).get(id) as RunRow | undefined;
  return row ? toRun(row) : null;
}

/** The newest runs first. */
export function listRuns(limit = 10, db: StoreDb = getStore()): FailoverRun[] {
  return (db.prepare(`SELECT * FROM failover_runs ORDER BY id DESC LIMIT ?`).all(limit) as RunRow[]).map(toRun);
}

/** The last switch that changed the writer, for the anti-flapping window. */
/** The last successful switch; with `serverIds`, the last one that promoted one of them (one cluster's). */
export function lastSuccessfulRun(db: StoreDb = getStore(), serverIds?: readonly string[]): FailoverRun | null {
  if (!serverIds) {
    const row = db.prepare(`SELECT * FROM failover_runs WHERE status = 'ok' ORDER BY id DESC LIMIT 1`).get() as RunRow | undefined;
    return row ? toRun(row) : null;
  }
  const ids = [...serverIds].slice(0, 10_000);
  const row = db
    .prepare(`SELECT * FROM failover_runs WHERE status = 'ok' AND to_server IN (SELECT value FROM json_each(?)) ORDER BY id DESC LIMIT 1`)
    .get(JSON.stringify(ids)) as RunRow | undefined;
  return row ? toRun(row) : null;
}

/** A run marked running whose owner is alive: another switch is in flight (possibly in another console). */
export function runInFlight(db: StoreDb = getStore(), me: string = consoleOwner()): FailoverRun | null {
  const rows = db.prepare(`SELECT * FROM failover_runs WHERE status = 'running' AND lease_expires_at > ? ORDER BY id DESC`).all(new Date().toISOString()) as RunRow[];
  const live = rows.find((r) => !ownerIsGone(r.owner, me));
  return live ? toRun(live) : null;
}

/** Runs marked running whose owner is gone: the lease expired, or the owner is known dead (see ownerIsGone). */
export function orphanedRuns(db: StoreDb = getStore(), me: string = consoleOwner()): (FailoverRun & { owner: string | null })[] {
  const now = new Date().toISOString();
  return (db.prepare(`SELECT * FROM failover_runs WHERE status = 'running' ORDER BY id`).all() as RunRow[])
    .filter((r) => r.owner !== me && (r.lease_expires_at == null || r.lease_expires_at <= now || ownerIsGone(r.owner, me)))
    .map((r) => ({ ...toRun(r), owner: r.owner }));
}

/**
 * Take an orphaned run over for its recovery: marked interrupted at once, owned by this console.
 * Compare-and-set on the old owner, so of two consoles only one recovers it.
 */
export function claimOrphan(id: number, previousOwner: string | null, message: string, db: StoreDb = getStore(), me: string = consoleOwner()): FailoverRun | null {
  const row = db
    .prepare(
      `UPDATE failover_runs SET status = 'interrupted', owner = ?, lease_expires_at = NULL, finished_at = ?, message = ?
       WHERE id = ? AND status = 'running' AND owner IS ? RETURNING *`,
    )
    .get(me, new Date().toISOString(), message, id, previousOwner) as RunRow | undefined;
  return row ? toRun(row) : null;
}

/** What the recovery did, in words and as its step. */
export function recordRecovery(id: number, message: string, steps: FailoverStep[], db: StoreDb = getStore()): FailoverRun {
  const row = db.prepare(`UPDATE failover_runs SET message = ?, steps = ? WHERE id = ? RETURNING *`).get(message, JSON.stringify(steps), id) as RunRow;
  return toRun(row);
}
