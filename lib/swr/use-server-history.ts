"use client";

import useSWR from "swr";
import type { HistoryPoint } from "@/lib/topology/types";
import { fetchJson, type FetchError } from "./fetcher";

/** The most points a chart keeps: 10 minutes at one point a second. */
export const MAX_HISTORY_POINTS = 600;
export const HISTORY_REFRESH_MS = 2000;

/** How every history chart refreshes: every 2 s, previous points kept while revalidating. */
export const HISTORY_SWR_OPTIONS = {
  refreshInterval: HISTORY_REFRESH_MS,
  keepPreviousData: true,
  refreshWhenHidden: true,
  dedupingInterval: 1000,
  errorRetryInterval: 3000,
} as const;

interface HistoryResponse {
  points: HistoryPoint[];
}

/**
 * One server's recent history (GET /api/servers/{id}/history?seconds=N), refreshed every 2 s.
 * A null id means "not yet": no request is made.
 */
export function useServerHistory(serverId: string | null, seconds = 300) {
  const key = serverId ? `/api/servers/${encodeURIComponent(serverId)}/history?seconds=${seconds}` : null;
  const { data, error, isLoading } = useSWR<HistoryResponse, FetchError>(key, fetchJson, HISTORY_SWR_OPTIONS);
  const points = data?.points;
  return {
    data: points && points.length > MAX_HISTORY_POINTS ? points.slice(-MAX_HISTORY_POINTS) : points,
    error,
    isLoading,
  };
}
