import { getCollector } from "@/lib/collector";
import type { Monitoring } from "@/lib/collector/monitor-worker";
import { waitFor } from "./lab";

/**
 * Kill the monitoring worker and wait for its successor's own polls: the new worker's collector
 * counts from zero, so polls below the old count, then two of them, prove the data is fresh again.
 */
export async function restartWorkerAndAwaitPolls(monitoring: Monitoring): Promise<void> {
  const { worker } = monitoring;
  const starts = worker.starts;
  const polls = getCollector().pollStats().db1.polls;
  await worker.thread!.terminate();
  await waitFor(() => worker.starts === starts + 1, 10_000, "a new worker");
  await waitFor(() => getCollector().pollStats().db1.polls < polls, 15_000, "the new worker's state");
  await waitFor(() => getCollector().pollStats().db1.polls >= 2, 10_000, "two polls by the new worker");
}
