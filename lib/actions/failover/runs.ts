/**
 * Failover runs in the store: created when a switch starts, its steps rewritten as each one ends.
 * The store, not the process, decides that one switch runs at a time: over a shared store two
 * consoles asked at once both get here, and only one insert of a running run can succeed.
 */
import type { Selectable } from "kysely";
import { store, type Store } from "@/lib/store";
import { isUniqueViolation } from "@/lib/store/errors";
import type { FailoverRunsTable } from "@/lib/store/schema";
import { consoleOwner, leaseUntil, ownerIsGone } from "./lease";
import type { FailoverMode, FailoverPlan, FailoverRun, FailoverStep, RunStatus } from "./types";

type RunRow = Selectable<FailoverRunsTable>;

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
    status: row.status,
    message: row.message,
    steps: parse<FailoverStep[]>(row.steps, []),
    plan: parse<FailoverPlan | null>(row.plan, null),
  };
}

/**
 * A new run, owned by this console under a fresh lease (see holdLease); null when another switch
 * holds the store: one running (live or orphaned, the unique index `failover_runs_one_running`
 * holds that against a concurrent insert too), an interrupted one being recovered, or, with
 * `after`, any run started since run `after` (the plan was made before it, on a fleet it changed).
 */
export async function createRun(
  run: { actor: string; mode: FailoverMode; from: string | null; to: string; plan: FailoverPlan },
  db?: Store,
  owner: string = consoleOwner(),
  opts: { after?: number } = {},
): Promise<FailoverRun | null> {
  const d = db ?? (await store());
  const now = new Date().toISOString();
  const row = {
    started_at: now,
    actor: run.actor,
    mode: run.mode,
    from_server: run.from,
    to_server: run.to,
    status: "running" as const,
    steps: "[]",
    plan: JSON.stringify(run.plan),
    owner,
    lease_expires_at: leaseUntil(),
  };
  const columns = Object.keys(row) as (keyof typeof row)[];
  const candidate = d
    .selectNoFrom((eb) => columns.map((c) => eb.val(row[c]).as(c)))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("failover_runs")
            .select("id")
            .where((eb) =>
              eb.or([
                eb("status", "=", "running"),
                eb.and([eb("status", "=", "interrupted"), eb("lease_expires_at", ">", now)]),
                ...(opts.after !== undefined ? [eb("id", ">", opts.after)] : []),
              ]),
            ),
        ),
      ),
    );
  try {
    const inserted = await d.insertInto("failover_runs").columns(columns).expression(candidate).returningAll().executeTakeFirst();
    return inserted ? toRun(inserted) : null;
  } catch (err) {
    if (isUniqueViolation(err)) return null; // another console's insert won the same instant
    throw err;
  }
}

/** The steps so far, while the run is still this switch's (a recovered run keeps what the recovery wrote). */
export async function saveSteps(id: number, steps: FailoverStep[], db?: Store): Promise<void> {
  const d = db ?? (await store());
  await d.updateTable("failover_runs").set({ steps: JSON.stringify(steps) }).where("id", "=", id).where("status", "=", "running").execute();
}

/**
 * End a run that is still running. One that another console already marked interrupted (its lease
 * ran out while this one was stalled) keeps what the recovery wrote.
 */
export async function finishRun(
  id: number,
  status: Exclude<RunStatus, "running" | "interrupted">,
  message: string,
  steps: FailoverStep[],
  db?: Store,
): Promise<FailoverRun> {
  const d = db ?? (await store());
  const row = await d
    .updateTable("failover_runs")
    .set({ status, message, steps: JSON.stringify(steps), finished_at: new Date().toISOString(), lease_expires_at: null })
    .where("id", "=", id)
    .where("status", "=", "running")
    .returningAll()
    .executeTakeFirst();
  return row ? toRun(row) : (await getRun(id, d))!;
}

export async function getRun(id: number, db?: Store): Promise<FailoverRun | null> {
  const d = db ?? (await store());
  const row = await d.selectFrom("failover_runs").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toRun(row) : null;
}

/** The newest runs first. */
export async function listRuns(limit = 10, db?: Store): Promise<FailoverRun[]> {
  const d = db ?? (await store());
  const rows = await d.selectFrom("failover_runs").selectAll().orderBy("id", "desc").limit(limit).execute();
  return rows.map(toRun);
}

/** The newest run's id (0 for none): a plan remembers it, so that its switch starts only if no other did meanwhile. */
export async function lastRunId(db?: Store): Promise<number> {
  const d = db ?? (await store());
  const row = await d.selectFrom("failover_runs").select((eb) => eb.fn.max("id").as("id")).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** The last successful switch, for the anti-flapping window; with `serverIds`, the last one that promoted one of them (one cluster's). */
export async function lastSuccessfulRun(db?: Store, serverIds?: readonly string[]): Promise<FailoverRun | null> {
  const d = db ?? (await store());
  if (serverIds && serverIds.length === 0) return null;
  let q = d.selectFrom("failover_runs").selectAll().where("status", "=", "ok");
  if (serverIds) q = q.where("to_server", "in", [...serverIds].slice(0, 10_000));
  const row = await q.orderBy("id", "desc").limit(1).executeTakeFirst();
  return row ? toRun(row) : null;
}

/**
 * A switch in flight whose owner is alive (possibly another console): one marked running, or an
 * interrupted one whose recovery is under way (its recovering console holds the lease).
 */
export async function runInFlight(db?: Store, me: string = consoleOwner()): Promise<FailoverRun | null> {
  const d = db ?? (await store());
  const rows = await d
    .selectFrom("failover_runs")
    .selectAll()
    .where("status", "in", ["running", "interrupted"])
    .where("lease_expires_at", ">", new Date().toISOString())
    .orderBy("id", "desc")
    .execute();
  const live = rows.find((r) => !ownerIsGone(r.owner, me));
  return live ? toRun(live) : null;
}

/** Runs marked running whose owner is gone: the lease expired, or the owner is known dead (see ownerIsGone). */
export async function orphanedRuns(db?: Store, me: string = consoleOwner()): Promise<(FailoverRun & { owner: string | null })[]> {
  const d = db ?? (await store());
  const now = new Date().toISOString();
  const rows = await d.selectFrom("failover_runs").selectAll().where("status", "=", "running").orderBy("id").execute();
  return rows
    .filter((r) => r.owner !== me && (r.lease_expires_at == null || r.lease_expires_at <= now || ownerIsGone(r.owner, me)))
    .map((r) => ({ ...toRun(r), owner: r.owner }));
}

/**
 * Take an orphaned run over for its recovery: marked interrupted at once, owned by this console,
 * under a lease of its own while the recovery runs (no switch starts meanwhile). Compare-and-set
 * on the old owner, so of two consoles only one recovers it.
 */
export async function claimOrphan(id: number, previousOwner: string | null, message: string, db?: Store, me: string = consoleOwner()): Promise<FailoverRun | null> {
  const d = db ?? (await store());
  const row = await d
    .updateTable("failover_runs")
    .set({ status: "interrupted", owner: me, lease_expires_at: leaseUntil(), finished_at: new Date().toISOString(), message })
    .where("id", "=", id)
    .where("status", "=", "running")
    .where("owner", previousOwner === null ? "is" : "=", previousOwner)
    .returningAll()
    .executeTakeFirst();
  return row ? toRun(row) : null;
}

/** What the recovery did, in words and as its step; the recovery's lease ends with it. */
export async function recordRecovery(id: number, message: string, steps: FailoverStep[], db?: Store): Promise<FailoverRun> {
  const d = db ?? (await store());
  const row = await d
    .updateTable("failover_runs")
    .set({ message, steps: JSON.stringify(steps), lease_expires_at: null })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRun(row);
}
