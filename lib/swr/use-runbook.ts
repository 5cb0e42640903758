"use client";

import useSWR from "swr";
import { fetchJson, type FetchError } from "@/lib/swr/fetcher";
import type { Runbook } from "@/lib/runbooks/store";

/** One runbook (GET /api/runbooks/{slug}); null key until it is wanted, so closed panels fetch nothing. */
export function useRunbook(slug: string | null) {
  const { data, error, isLoading } = useSWR<{ runbook: Runbook }, FetchError>(slug ? `/api/runbooks/${slug}` : null, fetchJson, {
    revalidateOnFocus: false,
  });
  return { data: data?.runbook, error, isLoading };
}
