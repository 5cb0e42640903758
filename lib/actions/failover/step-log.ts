/** The steps of a run as they happen, timed, in memory and in the store (the console polls them). */
import { ApiError } from "@/lib/errors";
import type { Store } from "@/lib/store";
import type { HookResult } from "@/lib/writer";
import { saveSteps } from "./runs";
import type { FailoverStep, StepStatus } from "./types";

export class StepLog {
  readonly steps: FailoverStep[] = [];
  constructor(
    private readonly runId: number,
    private readonly db: Store,
  ) {}

  /** Awaited, so the store sees the steps in order; a store that fails only loses the log, not the switch. */
  private async save() {
    try {
      await saveSteps(this.runId, this.steps, this.db);
    } catch (err) {
      console.error("[hotseat] could not save failover steps:", err);
    }
  }

  /** Run one step; its result sets the status and detail. A throw marks it failed and goes on up. */
  async run<T>(name: string, label: string, fn: () => Promise<{ detail: string; status?: StepStatus; value?: T }>): Promise<T | undefined> {
    const step: FailoverStep = { name, label, status: "running", startedAt: new Date().toISOString(), durationMs: null, detail: null };
    const t0 = performance.now();
    this.steps.push(step);
    await this.save();
    try {
      const r = await fn();
      step.status = r.status ?? "ok";
      step.detail = r.detail;
      return r.value;
    } catch (err) {
      step.status = "failed";
      step.detail = messageOf(err);
      throw err;
    } finally {
      step.durationMs = Math.round(performance.now() - t0);
      await this.save();
    }
  }
}

/** One line for an error, for a step's detail and the audit. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  const e = err as { message?: string; sqlMessage?: string };
  return (e?.sqlMessage ?? e?.message ?? String(err)).split("\n")[0].slice(0, 300);
}

/** The steps, short, for the audit entry. */
export function stepSummary(steps: FailoverStep[]) {
  return steps.map((s) => ({ name: s.name, status: s.status, ms: s.durationMs, detail: s.detail?.slice(0, 300) }));
}

/** Hook commands and their output, for the audit entry only (operators); steps are read by viewers. */
export function hookAudit(results: HookResult[]) {
  return results.map(({ command, ok, exitCode, timedOut, durationMs, output }) => ({ command, ok, exitCode, timedOut, durationMs, output }));
}
