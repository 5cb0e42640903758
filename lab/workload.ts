export interface WorkloadOptions {
  /** Orders placed per second through the shop (default 2). */
  writesPerSecond?: number;
  /** Shop pages read per second by each reader (default 4). */
  readsPerSecond?: number;
  /** Readers, each waiting for its page before the next (default 1; the pile-up uses a crowd). */
  readers?: number;
  /** Orders are placed only when true (default). */
  writes?: boolean;
  log?: (line: string) => void;
}

export interface WorkloadCounters {
  writes: number;
  writeErrors: number;
  reads: number;
  readErrors: number;
  /** Pages whose reads went to the writer because no replica was eligible. */
  readsOnWriter: number;
}

export interface Workload {
  counters: WorkloadCounters;
  stop(): void;
}

/** A request gives up after this long: nginx and php-fpm decide what a slow page costs, not us. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Steady traffic through the shop's nginx, as visitors make it: page reads (the shop reads from a
 * replica within the cutoff, else the writer) and orders (written to the published writer). Each
 * client waits for its answer before the next request, so traffic is bounded by `readers` + 1
 * requests in flight: when the app tier backs up, clients wait, as browsers do.
 */
export function startWorkload(siteUrl: string, opts: WorkloadOptions = {}): Workload {
  const counters: WorkloadCounters = { writes: 0, writeErrors: 0, reads: 0, readErrors: 0, readsOnWriter: 0 };
  const base = siteUrl.replace(/\/+$/, "");
  let stopped = false;
  const controller = new AbortController();
  const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  async function client(every: number, request: () => Promise<void>): Promise<void> {
    while (!stopped) {
      const started = Date.now();
      await request().catch(() => undefined);
      await pause(Math.max(0, every - (Date.now() - started)));
    }
  }
  const signal = () => AbortSignal.any([controller.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);

  const read = async () => {
    try {
      const res = await fetch(`${base}/`, { signal: signal() });
      const body = await res.text();
      if (res.status !== 200) throw new Error(String(res.status));
      counters.reads++;
      if (body.includes("reads fall back to the writer")) counters.readsOnWriter++;
    } catch {
      if (!stopped) counters.readErrors++;
    }
  };
  const write = async () => {
    try {
      const res = await fetch(`${base}/order`, { method: "POST", redirect: "manual", signal: signal() });
      await res.arrayBuffer();
      if (res.status !== 303) throw new Error(String(res.status));
      counters.writes++;
    } catch {
      if (!stopped) counters.writeErrors++;
    }
  };

  for (let i = 0; i < (opts.readers ?? 1); i++) void client(1000 / (opts.readsPerSecond ?? 4), read);
  if (opts.writes ?? true) void client(1000 / (opts.writesPerSecond ?? 2), write);

  const logTimer = setInterval(() => {
    opts.log?.(
      `workload: writes=${counters.writes} (errors ${counters.writeErrors}) reads=${counters.reads} ` +
        `(errors ${counters.readErrors}, on writer ${counters.readsOnWriter})`,
    );
  }, 30_000);
  logTimer.unref();

  return {
    counters,
    stop() {
      stopped = true;
      controller.abort();
      clearInterval(logTimer);
    },
  };
}
