/** Failover runs in the store: created when a switch starts, its steps rewritten as each one ends. */
import { getStore, type StoreDb } from "@/lib/store";
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

export function createRun(
  run: { actor: string; mode: FailoverMode; from: string | null; to: string; plan: FailoverPlan },
  db: StoreDb = getStore(),
): FailoverRun {
  const row = db
    .prepare(
      `INSERT INTO failover_runs (started_at, actor, mode, from_server, to_server, status, steps, plan)
       VALUES (?, ?, ?, ?, ?, 'running', '[]', ?) RETURNING *`,
    )
    .get(new Date().toISOString(), run.actor, run.mode, run.from, run.to, JSON.stringify(run.plan)) as RunRow;
  return toRun(row);
}

export function saveSteps(id: number, steps: FailoverStep[], db: StoreDb = getStore()): void {
  db.prepare(`UPDATE failover_runs SET steps = ? WHERE id = ?`).run(JSON.stringify(steps), id);
}

export function finishRun(id: number, status: Exclude<RunStatus, "running">, message: string, steps: FailoverStep[], db: StoreDb = getStore()): FailoverRun {
  const row = db
    .prepare(`UPDATE failover_runs SET status = ?, message = ?, steps = ?, finished_at = ? WHERE id = ? RETURNING *`)
    .get(status, message, JSON.stringify(steps), new Date().toISOString(), id) as RunRow;
  return toRun(row);
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
export function lastSuccessfulRun(db: StoreDb = getStore()): FailoverRun | null {
  const row = db.prepare(`SELECT * FROM failover_runs WHERE status = 'ok' ORDER BY id DESC LIMIT 1`).get() as RunRow | undefined;
  return row ? toRun(row) : null;
}

/**
 * A run still marked running and started recently: another switch is in flight (possibly in
 * another process). Older "running" rows are leftovers of a crash and do not block.
 */
export function runInFlight(maxAgeMs: number, db: StoreDb = getStore()): FailoverRun | null {
  const since = new Date(Date.now() - maxAgeMs).toISOString();
  const row = db.prepare(`SELECT * FROM failover_runs WHERE status = 'running' AND started_at >= ? ORDER BY id DESC LIMIT 1`).get(since) as
    | RunRow
    | undefined;
  return row ? toRun(row) : null;
}
