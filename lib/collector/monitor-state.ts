import type { AlertState } from "@/lib/alerts/engine";
import type { ProcessRow } from "@/lib/mysql/types";
import { capStatementText } from "@/lib/processlist/statement";
import type { AppTierReader, AppTierSnapshot } from "@/lib/appservers/fleet";
import type { AppServerHistoryPoint } from "@/lib/appservers/types";
import type { Problem, TopologyView } from "@/lib/topology/types";
import type { HistoryEntry } from "./history";
import type { PollStats } from "./poll-stats";
import type { FleetReader, ServerWriters } from "./reader";
import type { FleetSnapshot } from "./types";

/**
 * Processlist rows per server a state carries. Each statement is already capped at 16 KiB where it
 * enters; this bounds the rows, so one state stays a few MB at worst whatever a server holds.
 */
export const POSTED_PROCESSES = 1000;
/**
 * Statement text per server a state carries (characters): a thousand 16 KiB statements would
 * make every state 16 MB for the request thread to take in. Past the budget a statement travels
 * cut to its first POSTED_CUT_TEXT characters, its full length noted as for any capped statement.
 */
export const POSTED_TEXT_BUDGET = 1024 * 1024;
export const POSTED_CUT_TEXT = 1024;
/** Writers per server and ordering a state carries: the most GET /api/servers/{id}/writers asks for. */
export const POSTED_WRITERS = 50;

/** Everything the request side reads, as the monitoring worker knew it at `at`. */
export interface MonitorState {
  at: number;
  snapshot: FleetSnapshot;
  /** The topology with the app tier's problems, as `Collector.topology()` gives it. */
  view: TopologyView;
  /** History points recorded since the previous state, per server, oldest first. */
  history: Record<string, HistoryEntry[]>;
  /** Who is writing, per server, by time and by rows; null when unchanged since the previous state. */
  writers: Record<string, { time: ServerWriters; rows: ServerWriters }> | null;
  pollStats: Record<string, PollStats>;
  appTier: {
    snapshot: AppTierSnapshot;
    problems: Problem[];
    history: Record<string, AppServerHistoryPoint[]>;
  };
  /** The alert engine's firing and pending alerts. */
  alerts: AlertState[];
}

/** Worker to console. */
export type WorkerMessage = { type: "state"; state: MonitorState } | { type: "polled"; id: number };
/** Console to worker: a poll on demand, or the console's leadership (at every change). */
export type ConsoleMessage = { type: "pollOnce"; id: number } | { type: "leader"; leader: boolean };
/** What a worker is started with: the console's leadership at that moment (lib/leader). */
export interface MonitorWorkerData {
  leader: boolean;
}

/** The rows a state carries of one server's processlist: the first POSTED_PROCESSES, within the text budget. */
export function postedProcesslist(rows: readonly ProcessRow[]): ProcessRow[] {
  let budget = POSTED_TEXT_BUDGET;
  return rows.slice(0, POSTED_PROCESSES).map((row) => {
    const length = row.info?.length ?? 0;
    if (row.info == null || length <= budget) {
      budget -= length;
      return row;
    }
    const cut = capStatementText(row.info, POSTED_CUT_TEXT);
    budget = Math.max(0, budget - cut.text.length);
    return { ...row, info: cut.text, infoLength: row.infoLength ?? cut.fullLength ?? length };
  });
}

/** Points of a history newer than `after`, from the last `seconds` (a history point per tick at most). */
function newerThan<T extends { t: number }>(points: T[] | null, after: number): T[] {
  return (points ?? []).filter((p) => p.t > after);
}

/**
 * Builds the states the worker posts from its collector, app-server poller and alert engine: the
 * latest of everything, plus only the history points and writers that are new since the previous.
 */
export class MonitorStateBuilder {
  private readonly historyAfter = new Map<string, number>();
  private readonly appHistoryAfter = new Map<string, number>();
  private writersAt = 0;

  constructor(
    private readonly collector: FleetReader,
    private readonly appTier: AppTierReader,
    private readonly alerts: () => AlertState[],
  ) {}

  build(now = Date.now()): MonitorState {
    const { config } = this.collector;
    const snapshot = this.collector.snapshot(now);
    const servers = snapshot.servers.map((s) => ({ ...s, processlist: postedProcesslist(s.processlist) }));
    const window = config.historySeconds;
    const history: MonitorState["history"] = {};
    for (const s of config.servers) {
      const fresh = newerThan(this.collector.historyOf(s.id, window, now), this.historyAfter.get(s.id) ?? 0);
      if (fresh.length) this.historyAfter.set(s.id, fresh[fresh.length - 1].t);
      history[s.id] = fresh;
    }
    const appHistory: MonitorState["appTier"]["history"] = {};
    for (const a of config.appServers) {
      const fresh = newerThan(this.appTier.historyOf(a.id, window, now), this.appHistoryAfter.get(a.id) ?? 0);
      if (fresh.length) this.appHistoryAfter.set(a.id, fresh[fresh.length - 1].t);
      appHistory[a.id] = fresh;
    }
    // Writers move at the poll cadence and are the heaviest part: sent once per poll interval.
    let writers: MonitorState["writers"] = null;
    if (now - this.writersAt >= config.pollIntervalMs) {
      this.writersAt = now;
      writers = {};
      for (const s of config.servers) {
        const time = this.collector.writersOf(s.id, "time", POSTED_WRITERS);
        const rows = this.collector.writersOf(s.id, "rows", POSTED_WRITERS);
        if (time && rows) writers[s.id] = { time, rows };
      }
    }
    return {
      at: now,
      snapshot: { ...snapshot, servers },
      view: this.collector.topology(now),
      history,
      writers,
      pollStats: this.collector.pollStats(),
      appTier: { snapshot: this.appTier.snapshot(now), problems: this.appTier.problems(now), history: appHistory },
      alerts: this.alerts(),
    };
  }
}
