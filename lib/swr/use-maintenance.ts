"use client";

import useSWR from "swr";
import { fetchJson, type FetchError } from "@/lib/swr/fetcher";
import type { MaintenanceState, MaintenanceWindow } from "@/lib/maintenance/types";

export const MAINTENANCE_KEY = "/api/maintenance";
export const WINDOWS_KEY = "/api/maintenance/windows";
/** What a maintenance write changes: the state and the windows. */
export const MAINTENANCE_KEYS = [MAINTENANCE_KEY, WINDOWS_KEY] as const;

/** The effective maintenance state (GET /api/maintenance), every 5 s, seeded by the server render. */
export function useMaintenance(initial?: MaintenanceState | null) {
  const { data, error, isLoading } = useSWR<MaintenanceState, FetchError>(MAINTENANCE_KEY, fetchJson, {
    refreshInterval: 5000,
    refreshWhenHidden: true,
    keepPreviousData: true,
    fallbackData: initial ?? undefined,
  });
  return { data, error, isLoading };
}

/** Scheduled windows (GET /api/maintenance/windows), every 5 s: one starting or ending shows up. */
export function useMaintenanceWindows(initial?: MaintenanceWindow[]) {
  const { data, error, isLoading } = useSWR<{ windows: MaintenanceWindow[] }, FetchError>(WINDOWS_KEY, fetchJson, {
    refreshInterval: 5000,
    keepPreviousData: true,
    fallbackData: initial ? { windows: initial } : undefined,
  });
  return { data: data?.windows, error, isLoading };
}
