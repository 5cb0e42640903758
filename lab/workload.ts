import type { AppRouter } from "./app-router";

export interface WorkloadOptions {
  /** Orders written per second to the published writer (default 2). */
  writesPerSecond?: number;
  /** Page reads per second from read-eligible replicas (default 4). */
  readsPerSecond?: number;
  log?: (line: string) => void;
}

export interface WorkloadCounters {
  writes: number;
  writeErrors: number;
  reads: number;
  readErrors: number;
  /** Reads that went to the writer because no replica was eligible. */
  readsOnWriter: number;
}

export interface Workload {
  counters: WorkloadCounters;
  stop(): void;
}

const CUSTOMERS = ["ada", "grace", "linus", "margaret", "ken", "barbara", "edsger", "donald", "frances", "john"];

/** One new order on the writer, the way the shop's checkout writes it. */
export async function placeOrder(router: AppRouter): Promise<{ orderId: number; writer: string }> {
  const writer = router.snapshot.writer;
  const productId = 1 + Math.floor(Math.random() * 8);
  const quantity = 1 + Math.floor(Math.random() * 3);
  const customer = CUSTOMERS[Math.floor(Math.random() * CUSTOMERS.length)];
  const res = await router.query<{ insertId: number }>(
    writer,
    "INSERT INTO orders (product_id, quantity, customer, written_on) VALUES (?, ?, ?, ?)",
    [productId, quantity, customer, writer.id],
  );
  await router.query(writer, "UPDATE products SET stock = GREATEST(stock - ?, 0) WHERE id = ?", [quantity, productId]);
  return { orderId: res.insertId, writer: writer.id };
}

/**
 * Steady, light traffic that follows the published writer: a few orders a second on the
 * writer and shop-page reads on the replicas the dashboard calls eligible. A tick is
 * skipped while the previous one of its kind is still waiting, so a frozen server never
 * piles up connections.
 */
export function startWorkload(router: AppRouter, opts: WorkloadOptions = {}): Workload {
  const counters: WorkloadCounters = { writes: 0, writeErrors: 0, reads: 0, readErrors: 0, readsOnWriter: 0 };
  let writing = false;
  let reading = false;

  const writeTimer = setInterval(async () => {
    if (writing) return;
    writing = true;
    try {
      await placeOrder(router);
      counters.writes++;
    } catch {
      counters.writeErrors++;
      // The writer may have just moved (a failover made it read-only): ask Hot Seat now, not at the next poll.
      void router.refresh();
    } finally {
      writing = false;
    }
  }, 1000 / (opts.writesPerSecond ?? 2));

  const readTimer = setInterval(async () => {
    if (reading) return;
    reading = true;
    const { route, fellBackToWriter } = router.reader();
    try {
      await router.query(
        route,
        `SELECT o.id, o.customer, o.quantity, p.name FROM orders o JOIN products p ON p.id = o.product_id
         ORDER BY o.id DESC LIMIT 10`,
      );
      counters.reads++;
      if (fellBackToWriter) counters.readsOnWriter++;
    } catch {
      counters.readErrors++;
    } finally {
      reading = false;
    }
  }, 1000 / (opts.readsPerSecond ?? 4));

  const logTimer = setInterval(() => {
    const s = router.snapshot;
    opts.log?.(
      `workload: writes=${counters.writes} (errors ${counters.writeErrors}) reads=${counters.reads} ` +
        `(errors ${counters.readErrors}, on writer ${counters.readsOnWriter}) writer=${s.writer.id}/${s.writerSource} ` +
        `eligible=[${s.readEligible.join(",")}]`,
    );
  }, 30_000);

  return {
    counters,
    stop() {
      clearInterval(writeTimer);
      clearInterval(readTimer);
      clearInterval(logTimer);
    },
  };
}
