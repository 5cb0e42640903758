import type { ChannelInput, ServerInput } from "./input";
import type { Lag } from "./lag";
import type { Health, Role } from "./types";

/** Why a reachable server's channel reads as it does, beyond its own sample. */
export interface HealthContext {
  /** the channel's source cannot be reached: a broken IO thread is expected, not an error */
  sourceDown?: boolean;
  /** the writer the channel leads to cannot be reached, so an unknown lag is the writer's, not this replica's */
  writerDown?: boolean;
}

/** Only the IO side is broken: the SQL thread runs without an error (it applies what was received). */
export function isIoBreakOnly(c: ChannelInput | undefined): boolean {
  return !!c && c.sqlRunning && !c.lastSqlError;
}

/**
 * Health of one channel of a server (its first by default): unreachable, replication error,
 * stopped, lagging past the cutoff, unknown, or ok. A server that replicates from nobody is ok.
 */
export function healthOf(
  s: ServerInput,
  role: Role,
  lag: Lag,
  cutoff: number,
  ctx: HealthContext = {},
  c: ChannelInput | undefined = s.replication[0],
): Health {
  if (!s.reachable) return "unreachable";
  if (!c) return "ok";
  if (ctx.sourceDown && isIoBreakOnly(c)) {
    if (role === "writer") return "ok";
    if (lag.lagSeconds == null) return "unknown";
    return lag.lagSeconds > cutoff ? "lagging" : "ok";
  }
  const error = c.lastSqlError ?? c.lastIoError ?? null;
  if (error && (!c.sqlRunning || !c.ioRunning)) return "error";
  if (!c.sqlRunning || c.ioState === "stopped") return "stopped";
  if (role !== "writer" && lag.lagSeconds == null && ctx.writerDown) return "unknown";
  if (role !== "writer" && (lag.lagSeconds == null || lag.lagSeconds > cutoff)) return "lagging";
  return "ok";
}

const SEVERITY: Record<Health, number> = { unreachable: 5, error: 4, stopped: 3, lagging: 2, unknown: 1, ok: 0 };

/** The worse of two healths: a server's health is its worst channel's. */
export function worseHealth(a: Health, b: Health): boolean {
  return SEVERITY[a] > SEVERITY[b];
}

/** A replica may serve reads when it is reachable, replicating, and its known lag is within the cutoff. */
export function isReadEligible(s: ServerInput, role: Role, lag: Lag, cutoff: number): boolean {
  if (role !== "replica" && role !== "co-master") return false;
  if (!s.reachable || s.replication.length === 0) return false;
  return lag.lagSeconds != null && lag.lagSeconds <= cutoff;
}
