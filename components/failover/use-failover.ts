"use client";

import useSWR from "swr";
import type { FenceProgress } from "@/lib/actions/failover/fence";
import type { FailoverRun, PromotionCandidate } from "@/lib/actions/failover/types";
import { fetchJson, type FetchError } from "@/lib/swr/fetcher";

export interface FailoverState {
  writer: { id: string; host: string; port: number; source: "published" | "discovered" } | null;
  /** every server but the writer, best candidate first (the plan's ranking) */
  candidates: PromotionCandidate[];
  running: FailoverRun | null;
  /** the last run, when its console died mid-switch: its message says what recovery did */
  interrupted: FailoverRun | null;
  fencing: string[];
  /** each fence still trying: since when, how many attempts, the last failure */
  fences?: FenceProgress[];
  runs: FailoverRun[];
  /** the cluster shown (null: the console knows no cluster yet), and every cluster to choose from */
  cluster?: string | null;
  clusters?: { id: string; name: string; writer: string | null }[];
}

/** GET /api/failover: the cluster's published writer and recent runs; fast while a switch runs (its steps appear live). */
export function useFailover(fast: boolean, cluster: string | null = null) {
  const key = `/api/failover?limit=8${cluster ? `&cluster=${encodeURIComponent(cluster)}` : ""}`;
  const { data, error, isLoading, mutate } = useSWR<FailoverState, FetchError>(key, fetchJson, {
    refreshInterval: fast ? 250 : 3000,
    keepPreviousData: true,
    refreshWhenHidden: true,
    dedupingInterval: 100,
  });
  return { data, error, isLoading, mutate };
}
