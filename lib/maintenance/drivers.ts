import { recordAudit } from "@/lib/audit";
import type { Caller } from "@/lib/auth";
import { getConfig } from "@/lib/config";
import { processSingleton } from "@/lib/process-singleton";
import { removeFlagFile, writeFlagFile } from "./flag-file";
import { hookCommands, runHook, type HookOutcome } from "./hooks";
import { getMaintenance, readApplied, writeApplied } from "./state";
import type { MaintenanceState } from "./types";

/** What one reconcile did. */
export interface ReconcileResult {
  state: MaintenanceState;
  /** "enabled"/"disabled" when the site's state flipped in this run, else null */
  transition: "enabled" | "disabled" | null;
  /** the flag file's path and whether it exists now; null when no flagFile is configured */
  flagFile: { path: string; present: boolean; error: string | null } | null;
  hooks: HookOutcome[];
}

export interface ReconcileOptions {
  now?: Date;
  /** who caused this run; without one, the scheduler did */
  caller?: Caller | null;
}

// On globalThis: Next bundles route handlers and instrumentation separately, and they must share
// one queue so that the drivers of two changes never interleave.
function driverState() {
  return processSingleton("__hotseatMaintenanceDrivers", () => ({ queue: Promise.resolve() as Promise<unknown>, busy: 0, lastFlagError: null as string | null }));
}

/** True while a reconcile is running or queued (the scheduler skips its tick then). */
export function driversBusy(): boolean {
  return driverState().busy > 0;
}

/**
 * Bring the outside world in line with the effective maintenance state: write or remove the flag
 * file (every run, so a file removed by a reboot comes back) and, when the state flipped since the
 * last run, run the enable or disable hooks. Runs are queued, one at a time. A flip the scheduler
 * finds (a window starting or ending) is audited here; the operator's own changes are audited by
 * their route. Every hook run is audited with its outcome. Never throws.
 */
export function reconcileMaintenance(opts: ReconcileOptions = {}): Promise<ReconcileResult> {
  const d = driverState();
  d.busy++;
  const run = d.queue.then(() => reconcileNow(opts));
  d.queue = run.catch(() => undefined).finally(() => d.busy--);
  return run;
}

async function reconcileNow({ now = new Date(), caller = null }: ReconcileOptions): Promise<ReconcileResult> {
  const actor = caller?.name ?? "scheduler";
  const config = getConfig().maintenance;
  const state = getMaintenance(now);
  const applied = readApplied();
  const wasEnabled = applied?.enabled ?? false;
  const transition = state.enabled === wasEnabled ? null : state.enabled ? "enabled" : "disabled";

  const flagFile = config.flagFile ? await applyFlagFile(config.flagFile, state, actor) : null;

  if (!applied || JSON.stringify(applied) !== JSON.stringify(state)) writeApplied(state);
  if (transition && !caller) await auditScheduledFlip(state, applied, transition);

  const hooks: HookOutcome[] = [];
  if (transition) {
    const event = transition === "enabled" ? "enable" : "disable";
    const commands = hookCommands(event === "enable" ? config.hooks?.onEnable : config.hooks?.onDisable);
    for (const command of commands) {
      const outcome = await runHook(event, command, state, config.hooks?.timeoutMs ?? 10_000);
      hooks.push(outcome);
      await recordAudit({
        actor,
        role: caller?.role ?? null,
        via: caller?.via ?? null,
        action: "maintenance.hook",
        params: {
          event,
          command: outcome.command,
          exitCode: outcome.exitCode,
          signal: outcome.signal,
          timedOut: outcome.timedOut,
          stdout: outcome.stdout,
          stderr: outcome.stderr,
        },
        result: outcome.ok ? "ok" : "error",
        error: outcome.error,
        durationMs: outcome.durationMs,
      });
    }
  }
  return { state, transition, flagFile, hooks };
}

async function applyFlagFile(file: string, state: MaintenanceState, actor: string): Promise<NonNullable<ReconcileResult["flagFile"]>> {
  const d = driverState();
  try {
    if (state.enabled) writeFlagFile(file, state);
    else removeFlagFile(file);
    d.lastFlagError = null;
    return { path: file, present: state.enabled, error: null };
  } catch (err) {
    const message = `flag file ${file}: ${(err as Error).message}`;
    // Audit a failure once, not on every tick of the scheduler.
    if (d.lastFlagError !== message) {
      console.error(`[hotseat] maintenance ${message}`);
      await recordAudit({ actor, role: null, action: "maintenance.flag-file", params: { path: file, enabled: state.enabled }, result: "error", error: message, durationMs: 0 });
    }
    d.lastFlagError = message;
    return { path: file, present: !state.enabled, error: message };
  }
}

async function auditScheduledFlip(state: MaintenanceState, applied: MaintenanceState | null, transition: "enabled" | "disabled") {
  const windowId = transition === "enabled" ? state.windowId : (applied?.windowId ?? null);
  await recordAudit({
    actor: "scheduler",
    role: null,
    action: transition === "enabled" ? "maintenance.window.start" : "maintenance.window.end",
    params: transition === "enabled" ? { windowId, message: state.message, until: state.until } : { windowId },
    result: "ok",
    error: null,
    durationMs: 0,
  });
}
