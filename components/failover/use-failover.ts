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
}

/** GET /api/failover: the published writer and recent runs; fast while a switch runs (its steps appear live). */
export function useFailover(fast: boolean) {
  const { data, error, isLoading, mutate } = useSWR<FailoverState, FetchError>("/api/failover?limit=8", fetchJson, {
    refreshInterval: fast ? 250 : 3000,
    keepPreviousData: true,
    refreshWhenHidden: true,
    dedupingInterval: 100,
  });
  return { data, error, isLoading, mutate };
}

/** POST JSON to the console's own API; resolves with status and body, never throws on HTTP errors. */
export async function postJson<T>(url: string, body: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
  let parsed: unknown = null;
  try {
    parsed = await res.json();
  } catch {
    parsed = { error: { code: `http_${res.status}`, message: res.statusText || `HTTP ${res.status}` } };
  }
  return { status: res.status, body: parsed as T };
}
