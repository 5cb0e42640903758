import { currentWriter, replicaConnections } from "./batch-lag";
import { labPaths, type LabOptions, type LabServerId } from "./paths";
import { readSecrets } from "./secrets";
import { q, rootConnection } from "./sql";
import { startWorkload } from "./workload";

export interface AppPileupOptions extends LabOptions {
  /** How long the pile-up lasts (default 120 s); SIGTERM ends it early and cleans up. */
  seconds?: number;
  /** Visitors hammering the shop at once (default 16: four times the pool). */
  visitors?: number;
  log?: (line: string) => void;
  /** Resolves to end the pile-up early. */
  until?: Promise<void>;
}

export interface AppPileupResult {
  writer: LabServerId;
  replicasStopped: LabServerId[];
  seconds: number;
  reads: number;
  readErrors: number;
}

/**
 * The story's last act: queries back up and the app servers pile up. Every replica stops applying
 * (its SQL thread), so after the cutoff reads fall back to the writer; on the writer a forgotten
 * session holds the shop's products table (LOCK TABLES … WRITE, as a migration holding a metadata
 * lock would), so every page waits on it; a crowd of visitors through nginx then takes every
 * php-fpm worker and the rest queue in the pool's listen backlog. At the end (or SIGTERM) the
 * lock goes, replication resumes and the shop drains.
 */
export async function appPileup(opts: AppPileupOptions = {}): Promise<AppPileupResult> {
  const paths = labPaths(opts);
  const secrets = readSecrets(paths);
  const log = opts.log ?? (() => undefined);
  const seconds = opts.seconds ?? 120;
  const writer = await currentWriter(paths, secrets.rootPassword);
  const replicas = await replicaConnections(paths, writer, secrets.rootPassword);
  const holder = await rootConnection(paths.servers[writer], secrets.rootPassword);
  const t0 = Date.now();
  let crowd: ReturnType<typeof startWorkload> | null = null;
  try {
    for (const r of replicas) await q(r.conn, "STOP SLAVE SQL_THREAD");
    log(`app-pileup: SQL threads stopped on ${replicas.map((r) => r.id).join(", ") || "no replica"}`);
    await q(holder, "LOCK TABLES shop.products WRITE");
    log(`app-pileup: shop.products locked on the writer ${writer}`);
    crowd = startWorkload(paths.siteUrl, { readers: opts.visitors ?? 16, readsPerSecond: 20, writes: false });
    log(`app-pileup: ${opts.visitors ?? 16} visitors on ${paths.siteUrl} for ${seconds} s`);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, seconds * 1000))), opts.until ?? new Promise<void>(() => undefined)]);
    clearTimeout(timer);
  } finally {
    crowd?.stop();
    await q(holder, "UNLOCK TABLES").catch(() => undefined);
    await holder.end().catch(() => undefined);
    for (const r of replicas) {
      await q(r.conn, "START SLAVE SQL_THREAD").catch(() => undefined);
      await r.conn.end().catch(() => undefined);
    }
    log(`app-pileup: over; lock released, replication resumed`);
  }
  return {
    writer,
    replicasStopped: replicas.map((r) => r.id),
    seconds: (Date.now() - t0) / 1000,
    reads: crowd?.counters.reads ?? 0,
    readErrors: crowd?.counters.readErrors ?? 0,
  };
}
