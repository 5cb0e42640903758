import { spawn } from "node:child_process";
import type { MaintenanceState } from "./types";

/** One shell command line. */
export type HookCommand = string;

export interface HookOutcome {
  event: "enable" | "disable";
  /** the command as configured, for the audit entry */
  command: string;
  ok: boolean;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** the last 2 kB of each stream */
  stdout: string;
  stderr: string;
  error: string | null;
}

const TAIL = 2000;
const tail = (s: string) => (s.length > TAIL ? `…${s.slice(-TAIL)}` : s);

/**
 * Run one hook command through /bin/sh -c. The state is in
 * HOTSEAT_MAINTENANCE_* variables. After `timeoutMs` the whole process group is killed (SIGKILL),
 * so a shell's children do not outlive it. Never throws.
 */
export function runHook(
  event: "enable" | "disable",
  command: HookCommand,
  state: MaintenanceState,
  timeoutMs: number,
): Promise<HookOutcome> {
  const started = Date.now();
  const shown = command;
  const env = {
    ...process.env,
    HOTSEAT_MAINTENANCE_EVENT: event,
    HOTSEAT_MAINTENANCE_ENABLED: state.enabled ? "1" : "0",
    HOTSEAT_MAINTENANCE_MESSAGE: state.message ?? "",
    HOTSEAT_MAINTENANCE_SINCE: state.since ?? "",
    HOTSEAT_MAINTENANCE_UNTIL: state.until ?? "",
    HOTSEAT_MAINTENANCE_SOURCE: state.source ?? "",
  };
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let settled = false;
    const finish = (partial: Pick<HookOutcome, "exitCode" | "signal" | "error">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
        event,
        command: shown,
        ok: !timedOut && partial.error === null && partial.exitCode === 0,
        timedOut,
        durationMs: Date.now() - started,
        stdout: tail(stdout),
        stderr: tail(stderr),
        ...partial,
        error: timedOut ? `timed out after ${timeoutMs} ms` : partial.error,
      });
    };
    // detached: its own process group, so the timeout can kill the group
    const child = spawn("/bin/sh", ["-c", command], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d: Buffer) => (stdout = (stdout + d.toString()).slice(-4 * TAIL)));
    child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4 * TAIL)));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
      // A grandchild that left the group (setsid) may still hold the pipes open: stop waiting for it.
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish({ exitCode: null, signal: "SIGKILL", error: null });
      }, 1000).unref();
    }, timeoutMs);
    child.on("error", (err) => finish({ exitCode: null, signal: null, error: err.message }));
    child.on("close", (code, signal) =>
      finish({ exitCode: code, signal, error: code === 0 || timedOut ? null : signal ? `killed by ${signal}` : `exit code ${code}` }),
    );
  });
}

/** A hook setting (one command or a list, run in order) as a list. */
export function hookCommands(setting: string | string[] | undefined): HookCommand[] {
  if (setting === undefined) return [];
  return typeof setting === "string" ? [setting] : setting;
}
