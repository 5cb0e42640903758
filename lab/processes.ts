import { spawn } from "node:child_process";
import fs from "node:fs";

export type ProcessState = "running" | "frozen" | "stopped";

/**
 * The state of a process the lab started. `marker` is a string its command line must
 * contain (e.g. the data directory), so a recycled pid is never mistaken for ours.
 */
export function processState(pid: number | null | undefined, marker?: string): ProcessState {
  if (!pid || pid <= 0) return "stopped";
  try {
    process.kill(pid, 0);
  } catch {
    // EPERM: it exists but is someone else's; treat as not ours.
    return "stopped";
  }
  if (process.platform !== "linux") return "running";
  try {
    if (marker) {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      if (!cmdline.includes(marker)) return "stopped";
    }
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 3, after the parenthesised command name (which may itself hold spaces).
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    if (state === "Z" || state === "X") return "stopped";
    if (state === "T" || state === "t") return "frozen";
    return "running";
  } catch {
    return "stopped";
  }
}

export function isAlive(pid: number | null | undefined, marker?: string): boolean {
  return processState(pid, marker) !== "stopped";
}

export function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wait until the process has gone, up to `timeoutMs`; true when it did. */
export async function waitForExit(pid: number, marker: string | undefined, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid, marker)) return true;
    await sleep(50);
  }
  return !isAlive(pid, marker);
}

/**
 * Stop a lab process for good: wake it if frozen (a stopped process cannot act on SIGTERM),
 * ask it to exit, and SIGKILL it when it does not within `graceMs`.
 */
export async function stopProcess(pid: number, marker: string | undefined, graceMs = 5000): Promise<void> {
  if (!isAlive(pid, marker)) return;
  signal(pid, "SIGCONT");
  signal(pid, "SIGTERM");
  if (await waitForExit(pid, marker, graceMs)) return;
  signal(pid, "SIGKILL");
  await waitForExit(pid, marker, 3000);
}

/**
 * Start a long-lived process detached from the caller (own process group, stdio to a log
 * file), so the CLI that started it can exit. Returns its pid.
 */
export function spawnDetached(
  command: string,
  args: string[],
  opts: { logFile: string; cwd?: string; env?: NodeJS.ProcessEnv },
): number {
  const out = fs.openSync(opts.logFile, "a");
  try {
    const child = spawn(command, args, {
      detached: true,
      stdio: ["ignore", out, out],
      cwd: opts.cwd,
      env: opts.env ?? process.env,
    });
    // A failed spawn (ENOENT) is also emitted as an event; the missing pid reports it.
    child.on("error", () => undefined);
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    child.unref();
    return child.pid;
  } finally {
    fs.closeSync(out);
  }
}
