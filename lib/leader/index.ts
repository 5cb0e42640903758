/**
 * Which console leads: the one that does the work that must happen once (stamp the heartbeat,
 * evaluate alerts and notify, run maintenance hooks, record status history, fence, prune).
 * On a store of its own (SQLite) a console always leads; on a shared PostgreSQL store the election
 * decides (see docs/architecture.md, "Two consoles").
 */
let leading = true;
const listeners = new Set<(leader: boolean) => void>();

/** Whether this console leads now. */
export function isLeader(): boolean {
  return leading;
}

/** Called on every change of leadership; returns the unsubscribe. */
export function onLeadershipChange(listener: (leader: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Set by the election (and by tests). */
export function setLeader(leader: boolean): void {
  if (leader === leading) return;
  leading = leader;
  for (const listener of listeners) listener(leader);
}
