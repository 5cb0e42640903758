/**
 * Fencing an old writer that could not be set read-only during an emergency switch (frozen or
 * down): keep trying in the background and set it read-only the moment it answers, before anyone
 * writes to it again. Gives up when the published writer changes again or after maxMs.
 */
import { recordAudit } from "@/lib/audit";
import { serverPassword, type ServerConfig } from "@/lib/config";
import { closeQuietly, getDialect, openConnection, readVariables } from "@/lib/mysql";
import { setReadOnlyWithin } from "@/lib/mysql/failover";
import { processSingleton } from "@/lib/process-singleton";

export interface FenceOptions {
  /** keep fencing only while this is still the published writer */
  stillWriter: () => boolean | Promise<boolean>;
  intervalMs?: number;
  maxMs?: number;
  actor: string;
  runId: number;
}

/** How a fence is getting on, for the dashboard and the failover page. */
export interface FenceProgress {
  serverId: string;
  /** ISO time the fence started */
  since: string;
  attempts: number;
  /** why the last attempt failed (the server still does not answer) */
  lastError: string | null;
}

interface Fence {
  cancel: () => void;
  progress: FenceProgress;
}

const fences = processSingleton("__hotseatFences", () => new Map<string, Fence>());

/** One attempt: true once the server answers and is read-only. */
export async function fenceOnce(server: ServerConfig, timeoutMs = 1500): Promise<{ fenced: boolean; wasWritable: boolean }> {
  const conn = await openConnection(
    { host: server.host, port: server.port, user: server.user, password: serverPassword(server) },
    { connectTimeoutMs: timeoutMs },
  );
  try {
    const dialect = await getDialect(conn, timeoutMs);
    const vars = await readVariables(conn, timeoutMs);
    if (vars.readOnly && (vars.superReadOnly ?? true)) return { fenced: true, wasWritable: false };
    await setReadOnlyWithin(conn, dialect, true, timeoutMs);
    return { fenced: true, wasWritable: true };
  } finally {
    closeQuietly(conn);
  }
}

/** Start fencing `server` in the background (replacing any fence already running for it). */
export function startFence(server: ServerConfig, opts: FenceOptions): void {
  cancelFence(server.id);
  const interval = opts.intervalMs ?? 2000;
  const deadline = Date.now() + (opts.maxMs ?? 30 * 60_000);
  let cancelled = false;
  let timer: NodeJS.Timeout | null = null;
  const started = Date.now();
  const progress: FenceProgress = { serverId: server.id, since: new Date(started).toISOString(), attempts: 0, lastError: null };
  const attempt = async () => {
    if (cancelled) return;
    // a store that cannot be read says nothing: keep fencing
    const still = await Promise.resolve()
      .then(opts.stillWriter)
      .catch(() => true);
    if (!still || Date.now() > deadline) {
      fences.delete(server.id);
      return;
    }
    progress.attempts++;
    try {
      const r = await fenceOnce(server);
      if (cancelled) return;
      fences.delete(server.id);
      recordAudit({
        actor: opts.actor,
        role: null,
        action: "failover.fence",
        serverId: server.id,
        params: { runId: opts.runId, wasWritable: r.wasWritable },
        result: "ok",
        durationMs: Date.now() - started,
      });
      return;
    } catch (err) {
      // still frozen or down: try again
      progress.lastError = err instanceof Error ? err.message : String(err);
    }
    if (!cancelled) {
      timer = setTimeout(() => void attempt(), interval);
      timer.unref();
    }
  };
  fences.set(server.id, {
    progress,
    cancel: () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    },
  });
  void attempt();
}

export function cancelFence(serverId: string): void {
  fences.get(serverId)?.cancel();
  fences.delete(serverId);
}

/** Ids of servers being fenced now. */
export function pendingFences(): string[] {
  return [...fences.keys()];
}

/** Every fence still trying, with how it is getting on. */
export function fenceProgress(): FenceProgress[] {
  return [...fences.values()].map((f) => ({ ...f.progress }));
}
