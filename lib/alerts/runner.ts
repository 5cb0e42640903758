import type { FleetReader } from "@/lib/collector";
import type { HotSeatConfig } from "@/lib/config";
import { Notifier, type AlertNotice } from "@/lib/notify";
import { classifyProcess } from "@/lib/processlist";
import { runbookSlugFor } from "@/lib/runbooks/defaults";
import { getStore, type StoreDb } from "@/lib/store";
import { evaluate, type AlertState, type AlertTransition } from "./engine";
import { insertEpisode, noteEpisodeMessage, openEpisodes, resolveEpisode } from "./episodes";
import { alertKey, observe } from "./observe";
import { isRuleId, resolveRules, type AlertRule } from "./rules";

export interface AlertEngineDeps {
  collector: FleetReader;
  config: HotSeatConfig;
  notifier: Notifier;
  /** is the site in maintenance now (silences the rules that say so) */
  maintenance: (now: Date) => boolean;
  db?: StoreDb;
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
 */
export class AlertEngine {
  readonly rules: AlertRule[];
  private states = new Map<string, AlertState>();
  private timer: NodeJS.Timeout | null = null;
  private loaded = false;

  constructor(private readonly deps: AlertEngineDeps) {
    this.rules = resolveRules(deps.config);
  }

  private get db(): StoreDb {
    return this.deps.db ?? getStore();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      try {
        this.tick();
      } catch (err) {
        console.error("[hotseat] alert engine:", err);
      }
    }, this.deps.config.pollIntervalMs);
    this.timer.unref();
    this.deps.notifier.start();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.deps.notifier.stop();
  }

  /** Alerts firing or pending now. */
  current(): AlertState[] {
    return [...this.states.values()];
  }

  /** Episodes still open in the store fire on: a restart must not page twice for one episode. */
  private load(): void {
    if (this.loaded) return;
    this.loaded = true;
    for (const e of openEpisodes(this.db)) {
      if (!isRuleId(e.rule)) continue;
      this.states.set(alertKey(e.rule, e.serverId), {
        ruleId: e.rule,
        serverId: e.serverId,
        status: "firing",
        severity: e.severity,
        message: e.lastMessage ?? e.message,
        since: Date.parse(e.pendingSince),
        firedAt: Date.parse(e.firedAt),
        clearSince: null,
        episodeId: e.id,
      });
    }
  }

  /** One evaluation. Waits until the collector has polled every server once (no alerts from an empty start). */
  tick(now = Date.now()): AlertTransition[] {
    const { collector, config } = this.deps;
    const snapshot = collector.snapshot(now);
    if (snapshot.servers.some((s) => s.sampledAt === 0)) return [];
    this.load();
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
      maintenance: this.deps.maintenance(new Date(now)),
    });
    for (const t of transitions) this.record(t);
    for (const s of states.values()) {
      const before = this.states.get(alertKey(s.ruleId, s.serverId));
      if (s.episodeId != null && before && before.message !== s.message) noteEpisodeMessage(s.episodeId, s.message, this.db);
    }
    this.states = states;
    return transitions;
  }

  private record(t: AlertTransition): void {
    const rule = this.rules.find((r) => r.id === t.state.ruleId);
    const at = new Date(t.at);
    if (t.kind === "firing") {
      const episode = insertEpisode(
        { rule: t.state.ruleId, serverId: t.state.serverId, severity: t.state.severity, message: t.state.message, pendingSince: new Date(t.state.since), firedAt: at },
        this.db,
      );
      t.state.episodeId = episode.id;
      this.deps.notifier.enqueue(this.notice(t, rule, episode.firedAt, null), episode.id, at);
    } else if (t.state.episodeId != null) {
      const episode = resolveEpisode(t.state.episodeId, at, t.state.message, this.db);
      if (episode) this.deps.notifier.enqueue(this.notice(t, rule, episode.firedAt, episode.resolvedAt), episode.id, at);
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
