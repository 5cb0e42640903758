"use client";

import useSWR from "swr";
import type { CauseView } from "@/lib/processlist/cause";
import { fetchJson, type FetchError } from "./fetcher";
import { PROCESSLIST_REFRESH_MS } from "./use-processlist";

/** Why the lagging replicas are behind and where each problem is acted on: GET /api/causes every 2 s, shared by every card and row. */
export function useCauses() {
  const { data, error, isLoading } = useSWR<CauseView, FetchError>("/api/causes", fetchJson, {
    refreshInterval: PROCESSLIST_REFRESH_MS,
    keepPreviousData: true,
    refreshWhenHidden: true,
    dedupingInterval: 1000,
    errorRetryInterval: 3000,
  });
  return { data, error, isLoading };
}
