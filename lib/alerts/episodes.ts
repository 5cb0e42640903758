import type { Selectable } from "kysely";
import { store, type Store } from "@/lib/store";
import type { AlertEpisodesTable } from "@/lib/store/schema";
import type { AlertSeverity } from "./rules";

/** One alert from firing to resolution, as the store keeps it. */
export interface AlertEpisode {
  id: number;
  rule: string;
  serverId: string | null;
  severity: AlertSeverity;
  /** the message when it fired */
  message: string;
  /** ISO: the condition was first seen (the first signal) */
  pendingSince: string;
  firedAt: string;
  resolvedAt: string | null;
  /** the latest message while it fired (lag keeps growing) */
  lastMessage: string | null;
}

function toEpisode(r: Selectable<AlertEpisodesTable>): AlertEpisode {
  return {
    id: r.id,
    rule: r.rule,
    serverId: r.server_id,
    severity: r.severity,
    message: r.message,
    pendingSince: r.pending_since,
    firedAt: r.fired_at,
    resolvedAt: r.resolved_at,
    lastMessage: r.last_message,
  };
}

export interface NewEpisode {
  rule: string;
  serverId: string | null;
  severity: AlertSeverity;
  message: string;
  pendingSince: Date;
  firedAt: Date;
}

/**
 * Open an episode, unless one of the same (rule, server) is open already (a unique index holds
 * one at a time, whichever console writes): then null, and the open one is the episode.
 */
export async function insertEpisode(e: NewEpisode, db?: Store): Promise<AlertEpisode | null> {
  const d = db ?? (await store());
  const row = await d
    .insertInto("alert_episodes")
    .values({
      rule: e.rule,
      server_id: e.serverId,
      severity: e.severity,
      message: e.message,
      pending_since: e.pendingSince.toISOString(),
      fired_at: e.firedAt.toISOString(),
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? toEpisode(row) : null;
}

/** The open episode of one (rule, server), if any. */
export async function openEpisodeOf(rule: string, serverId: string | null, db?: Store): Promise<AlertEpisode | null> {
  const d = db ?? (await store());
  const row = await d
    .selectFrom("alert_episodes")
    .selectAll()
    .where("rule", "=", rule)
    .where((eb) => (serverId == null ? eb("server_id", "is", null) : eb("server_id", "=", serverId)))
    .where("resolved_at", "is", null)
    .executeTakeFirst();
  return row ? toEpisode(row) : null;
}

/**
 * Resolve an open episode. Compare-and-set: only the call that resolves it gets it back (and
 * sends the resolved notice); null when it was resolved already, or is unknown.
 */
export async function resolveEpisode(id: number, at: Date, lastMessage: string | null, db?: Store): Promise<AlertEpisode | null> {
  const d = db ?? (await store());
  const row = await d
    .updateTable("alert_episodes")
    .set((eb) => ({ resolved_at: at.toISOString(), last_message: eb.fn.coalesce(eb.val(lastMessage), eb.ref("last_message")) }))
    .where("id", "=", id)
    .where("resolved_at", "is", null)
    .returningAll()
    .executeTakeFirst();
  return row ? toEpisode(row) : null;
}

export async function noteEpisodeMessage(id: number, message: string, db?: Store): Promise<void> {
  const d = db ?? (await store());
  await d.updateTable("alert_episodes").set({ last_message: message }).where("id", "=", id).where("resolved_at", "is", null).execute();
}

/** Episodes still firing (what an engine that starts or takes the lead picks up, so nothing fires twice). */
export async function openEpisodes(db?: Store): Promise<AlertEpisode[]> {
  const d = db ?? (await store());
  const rows = await d.selectFrom("alert_episodes").selectAll().where("resolved_at", "is", null).orderBy("fired_at").orderBy("id").execute();
  return rows.map(toEpisode);
}

/** Episodes active at some moment of [since, until): fired before `until`, not resolved before `since`. Oldest first. */
export async function episodesBetween(since: Date, until: Date, db?: Store): Promise<AlertEpisode[]> {
  const d = db ?? (await store());
  const rows = await d
    .selectFrom("alert_episodes")
    .selectAll()
    .where("pending_since", "<", until.toISOString())
    .where((eb) => eb.or([eb("resolved_at", "is", null), eb("resolved_at", ">=", since.toISOString())]))
    .orderBy("fired_at")
    .orderBy("id")
    .limit(5000)
    .execute();
  return rows.map(toEpisode);
}

/** The latest episodes, newest first. */
export async function recentEpisodes(limit = 50, db?: Store): Promise<AlertEpisode[]> {
  const d = db ?? (await store());
  const rows = await d.selectFrom("alert_episodes").selectAll().orderBy("fired_at", "desc").orderBy("id", "desc").limit(limit).execute();
  return rows.map(toEpisode);
}

export async function getEpisode(id: number, db?: Store): Promise<AlertEpisode | null> {
  const d = db ?? (await store());
  const row = await d.selectFrom("alert_episodes").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toEpisode(row) : null;
}
