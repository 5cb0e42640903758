/** lib/writer: the published writer (store-backed), its JSON file and the hooks that announce it. */
import { getCollector } from "@/lib/collector";
import { getConfig, type HotSeatConfig } from "@/lib/config";
import type { Store } from "@/lib/store";
import { runHook, writeWriterFile, type HookResult } from "./announce";
import { noteWriterFile } from "./follow";
import { getPublishedWriter, storePublishedWriter, type PublishedWriter } from "./store";

export { getPublishedWriter, storePublishedWriter, type PublishedWriter } from "./store";
export { startWriterFileFollower, stopWriterFileFollower, syncWriterFile } from "./follow";
export { hookStepDetail, runHook, writeWriterFile, writerFileContent, type HookResult } from "./announce";

export interface WriterAddress {
  id: string;
  host: string;
  port: number;
  /** "published": chosen by a failover or a first publish; "discovered": nothing published yet. */
  source: "published" | "discovered";
}

/** The cluster a writer is asked for: its id and servers (TopologyView.clusters). */
export interface WriterCluster {
  id: string;
  writer: string | null;
  serverIds: readonly string[];
}

/**
 * What applications should write to: the published writer, or the discovered one while nothing was
 * published. Per cluster when `cluster` is given (its published writer is the latest published of
 * its servers; discovered, its writer); else the first cluster's. Host and port come from the
 * configuration so a moved server is followed; null when neither is known.
 */
export async function currentWriter(
  opts: { config?: HotSeatConfig; discovered?: string | null; db?: Store; cluster?: WriterCluster } = {},
): Promise<WriterAddress | null> {
  const config = opts.config ?? getConfig();
  const cluster = opts.cluster ?? (opts.discovered === undefined ? getCollector().topology().clusters[0] : undefined);
  const published = await getPublishedWriter(opts.db, cluster?.serverIds);
  if (published) {
    const server = config.servers.find((s) => s.id === published.id);
    return { id: published.id, host: server?.host ?? published.host, port: server?.port ?? published.port, source: "published" };
  }
  const discovered = opts.discovered !== undefined ? opts.discovered : (cluster?.writer ?? null);
  const server = config.servers.find((s) => s.id === discovered);
  return server ? { id: server.id, host: server.host, port: server.port, source: "discovered" } : null;
}

export interface PublishResult {
  writer: PublishedWriter;
  /** Error text when the writer file could not be written; null when written or not configured. */
  fileError: string | null;
  filePath: string | null;
}

/** Persist the writer and rewrite the writer file. The store is the truth; a file error is reported, not thrown. */
export async function publishWriter(
  serverId: string,
  by: { actor: string; runId?: number | null },
  opts: {
    config?: HotSeatConfig;
    db?: Store;
    /** false: another cluster than the first, whose writer the file does not name */
    writeFile?: boolean;
  } = {},
): Promise<PublishResult> {
  const config = opts.config ?? getConfig();
  const server = config.servers.find((s) => s.id === serverId);
  if (!server) throw new Error(`unknown server ${serverId}`);
  const writer = await storePublishedWriter({ id: server.id, host: server.host, port: server.port }, by, opts.db);
  const filePath = opts.writeFile === false ? null : (config.failover.writerFile ?? null);
  let fileError: string | null = null;
  if (filePath) {
    try {
      writeWriterFile(filePath, writer);
      noteWriterFile(filePath, writer);
    } catch (err) {
      fileError = (err as Error).message;
    }
  }
  return { writer, fileError, filePath };
}

/** Run every configured hook in order for a newly published writer. */
export async function announceWriter(
  writer: PublishedWriter,
  ctx: { previousId: string | null; mode: string; clusterId?: string | null },
  config: HotSeatConfig = getConfig(),
): Promise<HookResult[]> {
  const results: HookResult[] = [];
  for (const command of config.failover.hooks ?? []) results.push(await runHook(command, { writer, ...ctx }));
  return results;
}
