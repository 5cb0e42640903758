"use client";

import useSWR from "swr";
import type { TopologyView } from "@/lib/topology/types";
import { fetchJson, type FetchError } from "./fetcher";

/** How often the dashboard asks; the collector itself polls every pollIntervalMs (1 s). */
export const TOPOLOGY_REFRESH_MS = 1500;

/** The live topology (GET /api/topology), refreshed every 1.5 s, previous data kept on error. */
export function useTopology() {
  const { data, error, isLoading } = useSWR<TopologyView, FetchError>("/api/topology", fetchJson, {
    refreshInterval: TOPOLOGY_REFRESH_MS,
    keepPreviousData: true,
    revalidateOnFocus: true,
    // Keep polling while the tab is in the background: on-call glances back at it.
    refreshWhenHidden: true,
    dedupingInterval: 500,
    errorRetryInterval: 2000,
  });
  return { data, error, isLoading };
}
