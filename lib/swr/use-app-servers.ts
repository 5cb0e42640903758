"use client";

import useSWR from "swr";
import type { AppServerHistoryPoint } from "@/lib/appservers/types";
import type { AppTierView } from "@/lib/appservers/view";
import { fetchJson, type FetchError } from "./fetcher";
import { HISTORY_SWR_OPTIONS, MAX_HISTORY_POINTS } from "./use-server-history";

export const APP_SERVERS_REFRESH_MS = 1500;

/** The app tier (GET /api/app-servers), refreshed like the topology, previous data kept on error. */
export function useAppServers() {
  const { data, error, isLoading, mutate } = useSWR<AppTierView, FetchError>("/api/app-servers", fetchJson, {
    refreshInterval: APP_SERVERS_REFRESH_MS,
    keepPreviousData: true,
    refreshWhenHidden: true,
    dedupingInterval: 500,
    errorRetryInterval: 2000,
  });
  return { data, error, isLoading, mutate };
}

interface HistoryResponse {
  points: (Omit<AppServerHistoryPoint, "t"> & { t: string })[];
}

/** One app server's history (GET /api/app-servers/{id}/history), on the lag charts' window and cadence. */
export function useAppServerHistory(id: string | null, seconds = 300) {
  const key = id ? `/api/app-servers/${encodeURIComponent(id)}/history?seconds=${seconds}` : null;
  const { data, error, isLoading } = useSWR<HistoryResponse, FetchError>(key, fetchJson, HISTORY_SWR_OPTIONS);
  const points = data?.points;
  return { data: points && points.length > MAX_HISTORY_POINTS ? points.slice(-MAX_HISTORY_POINTS) : points, error, isLoading };
}
