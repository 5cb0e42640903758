"use client";

import useSWR from "swr";
import { fetchJson, type FetchError } from "@/lib/swr/fetcher";
import type { SummaryJson } from "@/lib/status/types";

export const STATUS_SUMMARY_KEY = "/api/status/summary.json";

/** The public page's summary (GET /api/status/summary.json); `null` key until it is needed. */
export function useStatusSummary(enabled = true) {
  const { data, error, isLoading } = useSWR<SummaryJson, FetchError>(enabled ? STATUS_SUMMARY_KEY : null, fetchJson, { keepPreviousData: true });
  return { data, error, isLoading };
}
