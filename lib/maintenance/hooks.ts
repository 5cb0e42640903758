import { runShellHook, type ShellHookOutcome } from "@/lib/hooks/run";
import type { MaintenanceState } from "./types";

/** One shell command line. */
export type HookCommand = string;

export interface HookOutcome extends ShellHookOutcome {
  event: "enable" | "disable";
  /** the command as configured, for the audit entry */
  command: string;
}

/** What an API answer may say about a hook run: never its command text or output (the audit log has them). */
export interface HookSummary {
  event: "enable" | "disable";
  ok: boolean;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
}

export function hookSummary({ event, ok, exitCode, timedOut, durationMs }: HookOutcome): HookSummary {
  return { event, ok, exitCode, timedOut, durationMs };
}

/**
 * Run one hook command (lib/hooks/run: minimal environment, process group killed at the timeout)
 * with the state in HOTSEAT_MAINTENANCE_* variables. Never throws.
 */
export async function runHook(
  event: "enable" | "disable",
  command: HookCommand,
  state: MaintenanceState,
  timeoutMs: number,
): Promise<HookOutcome> {
  const outcome = await runShellHook(
    command,
    {
      HOTSEAT_MAINTENANCE_EVENT: event,
      HOTSEAT_MAINTENANCE_ENABLED: state.enabled ? "1" : "0",
      HOTSEAT_MAINTENANCE_MESSAGE: state.message ?? "",
      HOTSEAT_MAINTENANCE_SINCE: state.since ?? "",
      HOTSEAT_MAINTENANCE_UNTIL: state.until ?? "",
      HOTSEAT_MAINTENANCE_SOURCE: state.source ?? "",
    },
    timeoutMs,
  );
  return { event, command, ...outcome };
}

/** A hook setting (one command or a list, run in order) as a list. */
export function hookCommands(setting: string | string[] | undefined): HookCommand[] {
  if (setting === undefined) return [];
  return typeof setting === "string" ? [setting] : setting;
}
