import fs from "node:fs";
import { recordAudit, type AuditInput } from "@/lib/audit";
import type { Caller } from "@/lib/auth";
import { getConfig, type HotSeatConfig } from "@/lib/config";
import { isLeader } from "@/lib/leader";
import { processSingleton } from "@/lib/process-singleton";
import { store, type Store } from "@/lib/store";
import { flagFileContent, removeFlagFile, writeFlagFile } from "./flag-file";
import { hookCommands, runHook, type HookOutcome } from "./hooks";
import { claimApplied, getMaintenance, getWindow, readApplied } from "./state";
import type { MaintenanceState } from "./types";

/** What one reconcile did. */
export interface ReconcileResult {
  state: MaintenanceState;
  /** "enabled"/"disabled" when this run applied a flip of the site's state (and ran its hooks), else null */
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

export interface MaintenanceDriversDeps {
  /** the flag file and hooks, read at every run (a reloaded config applies at once) */
  settings: () => HotSeatConfig["maintenance"];
  /** whether this console runs the hooks: one console per store does (lib/leader) */
  leader: () => boolean;
  audit: (input: AuditInput) => unknown;
  /** the store; the process's by default */
  db?: () => Promise<Store>;
}

/**
 * One console's drivers. The flag file is this console's own (each console may sit on its own web
 * server): it follows the shared state on every console, from what this process last wrote. The
 * hooks run once per change of the shared state: only on the leader, and only by the run whose
 * compare-and-set moved the store's `applied` record, so not even two consoles that both believe
 * they lead run them twice.
 */
export class MaintenanceDrivers {
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private lastFlagError: string | null = null;
  /** what this process last put at the flag file: its content, or null for "removed" */
  private flagWritten: { file: string; content: string | null } | null = null;

  constructor(private readonly deps: MaintenanceDriversDeps) {}

  /** True while a reconcile is running or queued (the scheduler skips its tick then). */
  get busy(): boolean {
    return this.pending > 0;
  }

  /**
   * Bring the outside world in line with the effective maintenance state: write or remove the flag
   * file and, when the state flipped since the hooks last ran, run the enable or disable hooks.
   * Runs are queued, one at a time. A flip the scheduler finds (a window starting or ending) is
   * audited here; the operator's own changes are audited by their route. Every hook run is audited
   * with its outcome. Never throws for a hook or the flag file; a store that cannot be read rejects.
   */
  reconcile(opts: ReconcileOptions = {}): Promise<ReconcileResult> {
    this.pending++;
    const run = this.queue.then(() => this.reconcileNow(opts));
    this.queue = run.catch(() => undefined).finally(() => this.pending--);
    return run;
  }

  private async reconcileNow({ now = new Date(), caller = null }: ReconcileOptions): Promise<ReconcileResult> {
    const db = await (this.deps.db ?? store)();
    const actor = caller?.name ?? "scheduler";
    const settings = this.deps.settings();
    const state = await getMaintenance(now, db);
    const flagFile = settings.flagFile ? await this.applyFlagFile(settings.flagFile, state, actor) : null;
    if (!this.deps.leader()) return { state, transition: null, flagFile, hooks: [] };

    const applied = await readApplied(db);
    const wanted = JSON.stringify(state);
    if (applied.raw === wanted || !(await claimApplied(applied.raw, state, db))) return { state, transition: null, flagFile, hooks: [] };
    const wasEnabled = applied.state?.enabled ?? false;
    const transition = state.enabled === wasEnabled ? null : state.enabled ? "enabled" : "disabled";
    if (!transition) return { state, transition, flagFile, hooks: [] };
    if (!caller) await this.auditScheduledFlip(state, applied.state, transition, now, db);

    const hooks: HookOutcome[] = [];
    const event = transition === "enabled" ? "enable" : "disable";
    const commands = hookCommands(event === "enable" ? settings.hooks?.onEnable : settings.hooks?.onDisable);
    for (const command of commands) {
      const outcome = await runHook(event, command, state, settings.hooks?.timeoutMs ?? 10_000);
      hooks.push(outcome);
      await this.deps.audit({
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
    return { state, transition, flagFile, hooks };
  }

  /**
   * Write or remove the flag file when the state differs from what this process last put there,
   * or when the file is not where it should be (removed by a reboot's tmp cleanup, say).
   */
  private async applyFlagFile(file: string, state: MaintenanceState, actor: string): Promise<NonNullable<ReconcileResult["flagFile"]>> {
    const content = state.enabled ? flagFileContent(state) : null;
    const last = this.flagWritten;
    if (last && last.file === file && last.content === content && fs.existsSync(file) === state.enabled) {
      return { path: file, present: state.enabled, error: null };
    }
    try {
      if (state.enabled) writeFlagFile(file, state);
      else removeFlagFile(file);
      this.flagWritten = { file, content };
      this.lastFlagError = null;
      return { path: file, present: state.enabled, error: null };
    } catch (err) {
      const message = `flag file ${file}: ${(err as Error).message}`;
      // Audit a failure once, not on every tick of the scheduler.
      if (this.lastFlagError !== message) {
        console.error(`[hotseat] maintenance ${message}`);
        await this.deps.audit({ actor, role: null, action: "maintenance.flag-file", params: { path: file, enabled: state.enabled }, result: "error", error: message, durationMs: 0 });
      }
      this.lastFlagError = message;
      this.flagWritten = null;
      return { path: file, present: !state.enabled, error: message };
    }
  }

  /**
   * A window that began or ran out by the clock. A flip an operator made (on this console or
   * another sharing the store) is audited by its route: a window cancelled early is not "ended".
   */
  private async auditScheduledFlip(state: MaintenanceState, applied: MaintenanceState | null, transition: "enabled" | "disabled", now: Date, db: Store) {
    if (transition === "enabled") {
      if (state.source !== "schedule") return;
      await this.deps.audit({
        actor: "scheduler",
        role: null,
        action: "maintenance.window.start",
        params: { windowId: state.windowId, message: state.message, until: state.until },
        result: "ok",
        error: null,
        durationMs: 0,
      });
      return;
    }
    if (applied?.source !== "schedule" || applied.windowId == null) return;
    if ((await getWindow(applied.windowId, now, db))?.status !== "ended") return;
    await this.deps.audit({ actor: "scheduler", role: null, action: "maintenance.window.end", params: { windowId: applied.windowId }, result: "ok", error: null, durationMs: 0 });
  }
}

// On globalThis: Next bundles route handlers and instrumentation separately, and they must share
// one queue so that the drivers of two changes never interleave.
function processDrivers(): MaintenanceDrivers {
  return processSingleton(
    "__hotseatMaintenanceConsoleDrivers",
    () => new MaintenanceDrivers({ settings: () => getConfig().maintenance, leader: isLeader, audit: (input) => recordAudit(input) }),
  );
}

/** True while this process's reconcile is running or queued. */
export function driversBusy(): boolean {
  return processDrivers().busy;
}

/** Reconcile this process's drivers (MaintenanceDrivers.reconcile) with the process's store. */
export function reconcileMaintenance(opts: ReconcileOptions = {}): Promise<ReconcileResult> {
  return processDrivers().reconcile(opts);
}
