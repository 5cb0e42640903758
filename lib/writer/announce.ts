import fs from "node:fs";
import path from "node:path";
import { runShellHook } from "@/lib/hooks/run";
import type { PublishedWriter } from "./store";

export interface HookResult {
  command: string;
  ok: boolean;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** The last lines of stdout and stderr, for the audit entry (not the step's detail: viewers read that). */
  output: string;
}

/** The writer file's content: what a config-management agent or a sidecar reads. */
export function writerFileContent(writer: PublishedWriter): string {
  return JSON.stringify({ id: writer.id, host: writer.host, port: writer.port, publishedAt: writer.publishedAt }, null, 2) + "\n";
}

/** Rewrite the writer file atomically (temp file + rename): a reader never sees half a file. */
export function writeWriterFile(file: string, writer: PublishedWriter): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, writerFileContent(writer), { mode: 0o644 });
  fs.renameSync(tmp, file);
}

const tail = (s: string, max = 500) => (s.length > max ? `…${s.slice(-max)}` : s);

/**
 * Run one hook (lib/hooks/run: /bin/sh -c, minimal environment, process group killed at the
 * timeout) with the new writer in its environment: HOTSEAT_WRITER_ID, _HOST, _PORT,
 * HOTSEAT_PREVIOUS_WRITER_ID, HOTSEAT_FAILOVER_MODE, HOTSEAT_CLUSTER_ID. Never throws.
 */
export async function runHook(
  command: string,
  env: { writer: PublishedWriter; previousId: string | null; mode: string; clusterId?: string | null },
  timeoutMs = 10_000,
): Promise<HookResult> {
  const r = await runShellHook(
    command,
    {
      HOTSEAT_WRITER_ID: env.writer.id,
      HOTSEAT_WRITER_HOST: env.writer.host,
      HOTSEAT_WRITER_PORT: String(env.writer.port),
      HOTSEAT_PREVIOUS_WRITER_ID: env.previousId ?? "",
      HOTSEAT_FAILOVER_MODE: env.mode,
      HOTSEAT_CLUSTER_ID: env.clusterId ?? "",
    },
    timeoutMs,
  );
  return {
    command,
    ok: r.ok,
    exitCode: r.exitCode,
    timedOut: r.timedOut,
    durationMs: r.durationMs,
    output: tail(`${r.stdout}${r.stderr}`.trim()) || (r.timedOut ? `killed after ${timeoutMs} ms` : ""),
  };
}

/**
 * The hooks step's detail, which every viewer reads (GET /api/failover, the timeline): how many
 * hooks failed and how, never their command text or output (those go to the audit entry).
 */
export function hookStepDetail(results: HookResult[]): string {
  const n = results.length;
  const failed = results
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => !r.ok)
    .map(({ r, i }) => `hook ${i + 1} of ${n} failed (${r.timedOut ? "timed out" : `exit ${r.exitCode ?? "?"}`})`);
  const ms = results.reduce((sum, r) => sum + r.durationMs, 0);
  return failed.length ? `${failed.join("; ")} in ${ms} ms` : `${n} hook${n === 1 ? "" : "s"} ok in ${ms} ms`;
}
