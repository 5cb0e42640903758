import type { FetchError } from "@/lib/swr/fetcher";
import { Banner } from "@/components/ui/banner";

export interface StalenessBannerProps {
  /** Seconds since the topology on screen was generated; null when nothing has loaded. */
  ageSeconds: number | null;
  pollIntervalMs: number;
  error: FetchError | undefined;
}

/** Says plainly when what is on screen is old, or when the dashboard cannot reach its API. */
export function StalenessBanner({ ageSeconds, pollIntervalMs, error }: StalenessBannerProps) {
  // Three missed polls (at least 5 s) before calling the data old: one slow poll is normal.
  const staleAfter = Math.max(5, (3 * pollIntervalMs) / 1000);
  const isStale = ageSeconds !== null && ageSeconds > staleAfter;
  if (!error && !isStale) return null;

  const reason = error
    ? error.status === 0
      ? "the dashboard lost contact with its server"
      : `the API answered ${error.status}: ${error.message}`
    : "the dashboard lost contact";
  return (
    <Banner tone="danger" data-testid="stale-banner" data-age={ageSeconds ?? ""}>
      <strong>
        {ageSeconds === null ? "No data" : `Data is ${ageSeconds} s old`} — {reason}.
      </strong>{" "}
      Retrying every few seconds; do not act on these numbers.
    </Banner>
  );
}
