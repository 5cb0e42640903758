import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { PublishedWriter } from "./store";

export interface HookResult {
  command: string;
  ok: boolean;
  exitCode: number | null;
  durationMs: number;
  /** The last lines of stdout and stderr, for the step's detail. */
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
 * Run one hook with /bin/sh -c, the new writer in its environment: HOTSEAT_WRITER_ID, _HOST, _PORT,
 * HOTSEAT_PREVIOUS_WRITER_ID, HOTSEAT_FAILOVER_MODE. Never throws; a hook that exceeds timeoutMs is killed.
 */
export function runHook(
  command: string,
  env: { writer: PublishedWriter; previousId: string | null; mode: string },
  timeoutMs = 10_000,
): Promise<HookResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      "/bin/sh",
      ["-c", command],
      {
        timeout: timeoutMs,
        killSignal: "SIGKILL",
        maxBuffer: 256 * 1024,
        env: {
          ...process.env,
          HOTSEAT_WRITER_ID: env.writer.id,
          HOTSEAT_WRITER_HOST: env.writer.host,
          HOTSEAT_WRITER_PORT: String(env.writer.port),
          HOTSEAT_PREVIOUS_WRITER_ID: env.previousId ?? "",
          HOTSEAT_FAILOVER_MODE: env.mode,
        },
      },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: unknown }).code ?? null) : 0;
        resolve({
          command,
          ok: !err,
          exitCode: typeof code === "number" ? code : null,
          durationMs: Date.now() - started,
          output: tail(`${stdout}${stderr}`.trim()) || (err && (err as { killed?: boolean }).killed ? `killed after ${timeoutMs} ms` : ""),
        });
      },
    );
  });
}
