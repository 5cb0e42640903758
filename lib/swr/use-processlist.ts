"use client";

import useSWR from "swr";
import type { ProcessView, ReplicaActivity } from "@/lib/processlist";
import type { TopWriter, WriteRates } from "@/lib/collector";
import { fetchJson, type FetchError } from "./fetcher";

export const PROCESSLIST_REFRESH_MS = 2000;

export interface ProcesslistResponse {
  generatedAt: string;
  longQuerySeconds: number;
  processes: ProcessView[];
  servers: { id: string; name: string; reachable: boolean; error: string | null; sampledAt: string | null }[];
  replicas: ReplicaActivity[];
}

/** Filters as GET /api/processlist takes them; empty values are left out of the URL. */
export type ProcesslistQuery = Partial<Record<"server" | "user" | "host" | "db" | "command" | "minTime" | "text" | "kind", string>>;

export function processlistUrl(query: ProcesslistQuery): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v && v.trim()) params.set(k, v.trim());
  const qs = params.toString();
  return `/api/processlist${qs ? `?${qs}` : ""}`;
}

/** The fleet's (or one server's) threads, live: GET /api/processlist every 2 s. */
export function useProcesslist(query: ProcesslistQuery) {
  const { data, error, isLoading, mutate } = useSWR<ProcesslistResponse, FetchError>(processlistUrl(query), fetchJson, {
    refreshInterval: PROCESSLIST_REFRESH_MS,
    keepPreviousData: true,
    refreshWhenHidden: true,
    dedupingInterval: 1000,
    errorRetryInterval: 3000,
  });
  return { data, error, isLoading, mutate };
}

export interface WritersPoint extends Partial<Record<keyof WriteRates, number | null>> {
  t: string;
  lagSeconds: number | null;
  replicaLagSeconds: number | null;
}

export interface WritersResponse {
  serverId: string;
  replicaIds: string[];
  source: "processlist_sampling" | "performance_schema";
  points: WritersPoint[];
  top: (Omit<TopWriter, "firstSeenAt" | "lastSeenAt"> & { firstSeenAt: string; lastSeenAt: string })[];
}

/** Who is writing on one server: GET /api/servers/{id}/writers every 2 s; a null id makes no request. */
export function useServerWriters(serverId: string | null, seconds = 300) {
  const key = serverId ? `/api/servers/${encodeURIComponent(serverId)}/writers?seconds=${seconds}` : null;
  const { data, error, isLoading } = useSWR<WritersResponse, FetchError>(key, fetchJson, {
    refreshInterval: PROCESSLIST_REFRESH_MS,
    keepPreviousData: true,
    dedupingInterval: 1000,
    errorRetryInterval: 3000,
  });
  return { data, error, isLoading };
}
