/**
 * Which console leads: the one that does the work that must happen once (stamp the heartbeat,
 * evaluate alerts and notify, run maintenance hooks, record status history, fence, prune).
 * On a store of its own (SQLite) a console always leads; on a shared PostgreSQL store the election
 * decides (./election.ts, started at boot; docs/architecture.md, "Two consoles").
 *
 * The state is process-wide (Next bundles routes, pages and instrumentation apart, and each bundle
 * would otherwise hold its own copy). A worker thread has a globalThis of its own: the monitoring
 * worker is told the console's leadership by message and sets its copy with setLeader.
 */
import { processSingleton } from "@/lib/process-singleton";

interface Leadership {
  leading: boolean;
  listeners: Set<(leader: boolean) => void>;
}

const leadership = () => processSingleton<Leadership>("__hotseatLeadership", () => ({ leading: true, listeners: new Set() }));

/** Whether this console leads now. */
export function isLeader(): boolean {
  return leadership().leading;
}

/** Called on every change of leadership; returns the unsubscribe. */
export function onLeadershipChange(listener: (leader: boolean) => void): () => void {
  const { listeners } = leadership();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Set by the election (and by tests). */
export function setLeader(leader: boolean): void {
  const state = leadership();
  if (leader === state.leading) return;
  state.leading = leader;
  for (const listener of [...state.listeners]) {
    try {
      listener(leader);
    } catch (err) {
      console.error("[hotseat] leadership listener failed:", (err as Error).message);
    }
  }
}

export { instanceName } from "./instance";
