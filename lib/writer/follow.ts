import fs from "node:fs";
import { getCollector } from "@/lib/collector";
import { getConfig, type HotSeatConfig } from "@/lib/config";
import { processSingleton, processSlot } from "@/lib/process-singleton";
import type { Store } from "@/lib/store";
import { writerFileContent, writeWriterFile } from "./announce";
import { getPublishedWriter, type PublishedWriter } from "./store";

/**
 * The writer file on every console: consoles sharing a store may each sit beside their own
 * application hosts, and the one that runs a failover rewrites only its own file. Each console
 * follows the first cluster's published writer from the store and rewrites its file when that
 * differs from what this process last wrote there (or the file is gone).
 */

/** What this process last wrote at each writer file. */
const written = () => processSingleton("__hotseatWriterFileWritten", () => new Map<string, string>());

/** A publish through this process wrote `file`: the follower need not write it again. */
export function noteWriterFile(file: string, writer: PublishedWriter): void {
  written().set(file, writerFileContent(writer));
}

/**
 * Bring the writer file in line with the first cluster's published writer. "skipped": no file
 * configured, no cluster known yet, or nothing published in it.
 */
export async function syncWriterFile(
  opts: { config?: HotSeatConfig; db?: Store; cluster?: { serverIds: readonly string[] } | null } = {},
): Promise<"written" | "unchanged" | "skipped"> {
  const config = opts.config ?? getConfig();
  const file = config.failover.writerFile;
  if (!file) return "skipped";
  const cluster = opts.cluster !== undefined ? opts.cluster : getCollector().topology().clusters[0];
  if (!cluster) return "skipped";
  const published = await getPublishedWriter(opts.db, cluster.serverIds);
  if (!published) return "skipped";
  const content = writerFileContent(published);
  const memory = written();
  if (memory.get(file) !== content) {
    // A start with the file already right (written before a restart) rewrites nothing.
    const onDisk = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
    if (onDisk === content) memory.set(file, content);
  }
  if (memory.get(file) === content && fs.existsSync(file)) return "unchanged";
  writeWriterFile(file, published);
  memory.set(file, content);
  return "written";
}

const timer = processSlot<NodeJS.Timeout>("__hotseatWriterFileFollower");

/** Follow the store once a second (lib/boot.ts), so a failover through another console reaches this console's file. */
export function startWriterFileFollower(tickMs = 1000): void {
  if (timer.get()) return;
  let running = false;
  let lastError: string | null = null;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await syncWriterFile();
      lastError = null;
    } catch (err) {
      const message = (err as Error).message;
      if (message !== lastError) console.error("[hotseat] writer file:", message);
      lastError = message;
    } finally {
      running = false;
    }
  };
  timer.set(setInterval(() => void tick(), tickMs).unref());
  void tick();
}

export function stopWriterFileFollower(): void {
  clearInterval(timer.get());
  timer.set(undefined);
}
