import { getStore, type StoreDb } from "@/lib/store";

/** What the console's own store knows that Prometheus counts: failovers and webhook deliveries. */
export interface StoreCounts {
  /** finished failover runs by mode, result ("ok", "failed", "rolled_back") and the server they promoted */
  failovers: { mode: string; result: string; toServer: string; count: number }[];
  /** deliveries that reached their webhook / gave up after the last retry */
  notificationsSent: number;
  notificationsFailed: number;
  /** every attempt to send a delivery, and how many of them were answered with a 2xx */
  deliveryAttempts: number;
  deliveryAttemptsOk: number;
}

/**
 * Two small aggregate reads of the console's own store (SQLite by default, never a monitored server),
 * so the totals are the fleet's history and survive a restart of the console.
 */
export function storeCounts(db: StoreDb = getStore()): StoreCounts {
  const failovers = db
    .prepare(`SELECT mode, status AS result, to_server AS toServer, COUNT(*) AS count FROM failover_runs WHERE status <> 'running' GROUP BY mode, status, to_server`)
    .all() as StoreCounts["failovers"];
  const deliveries = db
    .prepare(`SELECT status, COUNT(*) AS count, COALESCE(SUM(attempts), 0) AS attempts FROM alert_deliveries GROUP BY status`)
    .all() as { status: string; count: number; attempts: number }[];
  const of = (status: string) => deliveries.find((d) => d.status === status)?.count ?? 0;
  return {
    failovers,
    notificationsSent: of("delivered"),
    notificationsFailed: of("failed"),
    deliveryAttempts: deliveries.reduce((n, d) => n + d.attempts, 0),
    // a delivered notification had exactly one successful attempt; every other attempt failed
    deliveryAttemptsOk: of("delivered"),
  };
}
