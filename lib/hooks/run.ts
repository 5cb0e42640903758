import { spawn } from "node:child_process";
import { hookEnv } from "./env";

/** How one hook command ended. Command text and output are for the audit log, not for API answers. */
export interface ShellHookOutcome {
  ok: boolean;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  /** the last 2 kB of each stream */
  stdout: string;
  stderr: string;
  /** "exit code 3", "timed out after 800 ms", a spawn error; null when ok */
  error: string | null;
}

const TAIL = 2000;
const tail = (s: string) => (s.length > TAIL ? `…${s.slice(-TAIL)}` : s);

/**
 * Run one hook command through /bin/sh -c with a minimal environment (hookEnv) plus `vars`. After
 * `timeoutMs` the whole process group is killed (SIGKILL), so a shell's children do not outlive
 * it. Never throws.
 */
export function runShellHook(command: string, vars: Record<string, string>, timeoutMs: number): Promise<ShellHookOutcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let settled = false;
    const finish = (partial: Pick<ShellHookOutcome, "exitCode" | "signal" | "error">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({
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
    // NodeJS.ProcessEnv insists on NODE_ENV (Next's typing); a hook's environment has none.
    const env = hookEnv(vars) as NodeJS.ProcessEnv;
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
