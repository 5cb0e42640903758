/** Undoing a switch that failed before the publish: the candidate read-only again, the old writer writable again. */
import { closeQuietly, isUsable, type Connection } from "@/lib/mysql";
import { setReadOnlyWithin } from "@/lib/mysql/failover";
import { probeServer, type LiveProbe } from "./probe";
import type { StepLog } from "./step-log";

export const READ_ONLY_TIMEOUT_MS = 3000;

/** How far a switch got: what a rollback has to undo. */
export interface SwitchProgress {
  oldWriterReadOnly: boolean;
  candidateWritable: boolean;
  published: boolean;
}

/** The probe's connection if it still works, else a fresh one (a timed-out query destroys its connection). */
export async function usableConnection(p: LiveProbe): Promise<Connection> {
  if (p.conn && isUsable(p.conn)) return p.conn;
  const fresh = await probeServer(p.server);
  if (!fresh.conn) throw new Error(`${p.id} does not answer: ${fresh.error ?? "unreachable"}`);
  if (p.conn) closeQuietly(p.conn);
  p.conn = fresh.conn; // closed with the rest of the probe
  return fresh.conn;
}

export async function rollback(log: StepLog, W: LiveProbe, C: LiveProbe, progress: SwitchProgress): Promise<void> {
  if (progress.candidateWritable && !progress.published) {
    await log
      .run("rollback_candidate", `Roll back: ${C.id} read-only again`, async () => {
        await setReadOnlyWithin(await usableConnection(C), C.dialect!, true, READ_ONLY_TIMEOUT_MS);
        return { detail: `${C.id} is read-only again` };
      })
      .catch(() => undefined);
  }
  if (progress.oldWriterReadOnly) {
    await log
      .run("rollback_old_writer", `Roll back: ${W.id} writable again`, async () => {
        await setReadOnlyWithin(await usableConnection(W), W.dialect!, false, READ_ONLY_TIMEOUT_MS);
        return { detail: `${W.id} takes writes again` };
      })
      .catch(() => undefined);
  }
}
