/** Upper bounds (seconds) of the poll-duration buckets; the last bucket (+Inf) is `count`. */
export const POLL_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

/** Cumulative counts of one server's polls since start, as plain data (it may cross a thread boundary). */
export interface PollStats {
  polls: number;
  failures: number;
  /** total seconds spent polling */
  seconds: number;
  /** polls that took at most POLL_DURATION_BUCKETS[i] seconds (cumulative, as Prometheus wants) */
  buckets: number[];
}

export function emptyPollStats(): PollStats {
  return { polls: 0, failures: 0, seconds: 0, buckets: POLL_DURATION_BUCKETS.map(() => 0) };
}

/** Count one finished poll (in place: the poller owns its stats). */
export function countPoll(stats: PollStats, seconds: number, failed: boolean): void {
  stats.polls++;
  if (failed) stats.failures++;
  stats.seconds += seconds;
  POLL_DURATION_BUCKETS.forEach((le, i) => {
    if (seconds <= le) stats.buckets[i]++;
  });
}
