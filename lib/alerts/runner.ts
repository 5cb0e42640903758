import type { FleetReader } from "@/lib/collector";
import type { HotSeatConfig } from "@/lib/config";
import { Notifier, type AlertNotice } from "@/lib/notify";
import { classifyProcess } from "@/lib/processlist";
import { runbookSlugFor } from "@/lib/runbooks/defaults";
import { isLeader, onLeadershipChange } from "@/lib/leader";
import { store, type Store } from "@/lib/store";
import { evaluate, type AlertState, type AlertTransition } from "./engine";
import { insertEpisode, noteEpisodeMessage, openEpisodeOf, openEpisodes, resolveEpisode, type AlertEpisode } from "./episodes";
import { alertKey, observe } from "./observe";
import { isRuleId, resolveRules, type AlertRule } from "./rules";

export interface AlertEngineDeps {
  collector: FleetReader;
  config: HotSeatConfig;
  notifier: Notifier;
  /** is the site in maintenance now (silences the rules that say so) */
  maintenance: (now: Date) => boolean | Promise<boolean>;
  db?: Store;
  /** whether this console records episodes and notifies now (default: while it leads, lib/leader) */
  leader?: () => boolean;
}

/** Where the console's runbook pages are, for links in notifications. */
export function runbookUrl(config: HotSeatConfig, code: string): string | null {
  const slug = runbookSlugFor(code);
  if (!slug) return null;
  const base = config.alerts.consoleUrl ?? process.env.NEXTAUTH_URL ?? "";
  return `${base.replace(/\/+$/, "")}/runbooks/${slug}`;
}

/**
 * Evaluates the alert rules on the collector's cadence, from its memory (never MySQL), records
 * each episode in the store and hands firing and resolved notices to the notifier.
 *
 * Of two consoles on one store, both evaluate (each one's UI shows what fires) but only the
 * leader writes episodes and queues notices. A console that takes the lead first adopts the
 * episodes open in the store: it continues them (no second firing notice) and resolves them
 * when their condition clears. The store holds one open episode per (rule, server) and resolves
 * each once, so an old and a new leader briefly writing together still page once.
 */
export class AlertEngine {
  readonly rules: AlertRule[];
  private states = new Map<string, AlertState>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<AlertTransition[]> | null = null;
  /** whether the states carry the store's open episodes: false until the first tick as leader */
  private adopted = false;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: AlertEngineDeps) {
    this.rules = resolveRules(deps.config);
  }

  private db(): Promise<Store> {
    return this.deps.db ? Promise.resolve(this.deps.db) : store();
  }

  private leads(): boolean {
    return (this.deps.leader ?? isLeader)();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick().catch((err: unknown) => console.error("[hotseat] alert engine:", err)), this.deps.config.pollIntervalMs);
    this.timer.unref();
    this.deps.notifier.start();
    // Any change of leader: read the open episodes again at the next tick as leader; a new
    // leader sends what the old one left queued without waiting for the notifier's tick.
    this.unsubscribe = onLeadershipChange((leader) => {
      this.adopted = false;
      if (leader) this.deps.notifier.wake();
    });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.deps.notifier.stop();
  }

  /** Alerts firing or pending now. */
  current(): AlertState[] {
    return [...this.states.values()];
  }

  /**
   * Take up the store's open episodes (at the first tick as leader: a start, or a change of
   * leader): each fires on from where it was, resolving once its condition is clear. A state
   * that fired only in this console's memory (while it followed) goes back to pending, to be
   * recorded on this tick if no episode is open for it.
   */
  private adopt(open: readonly AlertEpisode[]): void {
    const states = new Map<string, AlertState>();
    for (const [key, s] of this.states) states.set(key, { ...s, status: "pending", firedAt: null, episodeId: null });
    for (const e of open) {
      if (!isRuleId(e.rule)) continue;
      const key = alertKey(e.rule, e.serverId);
      const seen = states.get(key);
      states.set(key, {
        ruleId: e.rule,
        serverId: e.serverId,
        status: "firing",
        severity: seen?.severity ?? e.severity,
        message: seen?.message ?? e.lastMessage ?? e.message,
        since: Date.parse(e.pendingSince),
        firedAt: Date.parse(e.firedAt),
        clearSince: seen ? seen.clearSince : null,
        episodeId: e.id,
      });
    }
    this.states = states;
  }

  /**
   * One evaluation. Waits until the collector has polled every server once (no alerts from an
   * empty start). One at a time: a tick that finds one running waits for it and returns its transitions.
   */
  tick(now = Date.now()): Promise<AlertTransition[]> {
    this.ticking ??= this.evaluateOnce(now).finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async evaluateOnce(now: number): Promise<AlertTransition[]> {
    const { collector, config } = this.deps;
    const snapshot = collector.snapshot(now);
    if (snapshot.servers.some((s) => s.sampledAt === 0)) return [];
    const leading = this.leads();
    const db = leading ? await this.db() : null;
    if (!leading) this.adopted = false;
    else if (!this.adopted) {
      this.adopt(await openEpisodes(db!));
      this.adopted = true;
    }
    const view = collector.topology(now);
    const processes = snapshot.servers.flatMap((s) =>
      s.processlist.map((row) => classifyProcess(row, { serverId: s.id, selfThreadIds: s.selfThreadIds, longQuerySeconds: config.processlist.longQuerySeconds })),
    );
    const observations = observe(view, processes, this.rules);
    const { states, transitions } = evaluate({
      states: this.states,
      observations,
      rules: this.rules,
      now,
      maintenance: await this.deps.maintenance(new Date(now)),
    });
    if (db) {
      for (const t of transitions) await this.record(t, db);
      for (const s of states.values()) {
        const before = this.states.get(alertKey(s.ruleId, s.serverId));
        if (s.episodeId != null && before && before.message !== s.message) await noteEpisodeMessage(s.episodeId, s.message, db);
      }
    }
    this.states = states;
    return transitions;
  }

  /**
   * A firing opens the episode and queues its notices in one transaction (a leader that dies
   * between the two would leave an episode nobody was told of); if another console opened it
   * first, this one adopts it and says nothing. A resolution notifies only if this call resolved it.
   */
  private async record(t: AlertTransition, db: Store): Promise<void> {
    const rule = this.rules.find((r) => r.id === t.state.ruleId);
    const at = new Date(t.at);
    if (t.kind === "firing") {
      const opened = await db.transaction().execute(async (trx) => {
        const episode = await insertEpisode(
          { rule: t.state.ruleId, serverId: t.state.serverId, severity: t.state.severity, message: t.state.message, pendingSince: new Date(t.state.since), firedAt: at },
          trx,
        );
        if (episode) await this.deps.notifier.enqueue(this.notice(t, rule, episode.firedAt, null), episode.id, at, trx);
        return episode;
      });
      const episode = opened ?? (await openEpisodeOf(t.state.ruleId, t.state.serverId, db));
      if (episode) {
        t.state.episodeId = episode.id;
        t.state.since = Date.parse(episode.pendingSince);
        t.state.firedAt = Date.parse(episode.firedAt);
      } else {
        // the other console's episode resolved in between: fire again at the next tick
        t.state.status = "pending";
        t.state.firedAt = null;
      }
      if (opened) this.deps.notifier.wake();
    } else if (t.state.episodeId != null) {
      const episodeId = t.state.episodeId;
      const resolved = await db.transaction().execute(async (trx) => {
        const episode = await resolveEpisode(episodeId, at, t.state.message, trx);
        if (episode) await this.deps.notifier.enqueue(this.notice(t, rule, episode.firedAt, episode.resolvedAt), episode.id, at, trx);
        return episode;
      });
      if (resolved) this.deps.notifier.wake();
    }
  }

  private notice(t: AlertTransition, rule: AlertRule | undefined, startedAt: string, resolvedAt: string | null): AlertNotice {
    return {
      event: t.kind,
      rule: t.state.ruleId,
      title: rule?.title ?? t.state.ruleId,
      serverId: t.state.serverId,
      severity: t.state.severity,
      message: t.state.message,
      startedAt,
      resolvedAt,
      runbookUrl: runbookUrl(this.deps.config, t.state.ruleId),
    };
  }
}
