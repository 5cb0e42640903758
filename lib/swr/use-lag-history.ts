"use client";

import useSWR from "swr";
import type { LagSparklines } from "@/lib/collector/lag-sparklines";
import { fetchJson, type FetchError } from "./fetcher";
import { HISTORY_SWR_OPTIONS } from "./use-server-history";

/** A slot of a 5-minute sparkline is 5 s wide: asking more often would redraw the same slots. */
const LAG_HISTORY_REFRESH_MS = 5000;

/**
 * Every server's recent lag in one request (GET /api/history?seconds=N), for the fleet view's
 * sparklines: one request however many servers. A false `enabled` makes no request.
 */
export function useLagHistory(enabled: boolean, seconds = 300) {
  const { data, error, isLoading } = useSWR<LagSparklines, FetchError>(enabled ? `/api/history?seconds=${seconds}` : null, fetchJson, {
    ...HISTORY_SWR_OPTIONS,
    refreshInterval: LAG_HISTORY_REFRESH_MS,
  });
  return { data, error, isLoading };
}
