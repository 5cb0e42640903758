import { store, type Store } from "@/lib/store";

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
 * Two small aggregate reads of the console's own store (never a monitored server), so the totals
 * are the fleet's history and survive a restart of the console.
 */
export async function storeCounts(db?: Store): Promise<StoreCounts> {
  const d = db ?? (await store());
  const failovers = await d
    .selectFrom("failover_runs")
    .select((eb) => ["mode", "status as result", "to_server as toServer", eb.fn.countAll<number>().as("count")])
    .where("status", "<>", "running")
    .groupBy(["mode", "status", "to_server"])
    .orderBy("mode")
    .orderBy("status")
    .orderBy("to_server")
    .execute();
  const deliveries = await d
    .selectFrom("alert_deliveries")
    .select((eb) => ["status", eb.fn.countAll<number>().as("count"), eb.fn.coalesce(eb.fn.sum<number>("attempts"), eb.lit(0)).as("attempts")])
    .groupBy("status")
    .execute();
  // PostgreSQL counts and sums are bigint: numbers here, whatever the driver gives
  const of = (status: string) => Number(deliveries.find((r) => r.status === status)?.count ?? 0);
  return {
    failovers: failovers.map((f) => ({ ...f, count: Number(f.count) })),
    notificationsSent: of("delivered"),
    notificationsFailed: of("failed"),
    deliveryAttempts: deliveries.reduce((n, r) => n + Number(r.attempts), 0),
    // a delivered notification had exactly one successful attempt; every other attempt failed
    deliveryAttemptsOk: of("delivered"),
  };
}
