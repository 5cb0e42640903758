import type { HotSeatConfig } from "@/lib/config";
import type { ComponentKey } from "./types";

/** The status page's settings with every default filled in. */
export interface StatusSettings {
  title: string;
  names: Record<ComponentKey, string>;
  /** The site's URL to check; null: no check, the Website follows the databases. Never public. */
  siteUrl: string | null;
  siteTimeoutMs: number;
  /** A slower answer than this counts as degraded performance. */
  siteSlowMs: number;
  refreshMs: number;
  /** the clusters the database components follow; null: every cluster */
  clusters: string[] | null;
}

export const DEFAULT_NAMES: Record<ComponentKey, string> = {
  website: "Website",
  "database-writes": "Database writes",
  "database-reads": "Database reads",
  "background-jobs": "Background jobs",
};

export function statusSettings(config: HotSeatConfig): StatusSettings {
  const status = config.status ?? {};
  const names = status.components ?? {};
  const siteUrl = status.siteCheck?.url ?? (typeof config.site?.url === "string" ? config.site.url : null);
  return {
    title: status.title ?? "Service status",
    names: {
      website: names.website ?? DEFAULT_NAMES.website,
      "database-writes": names.databaseWrites ?? DEFAULT_NAMES["database-writes"],
      "database-reads": names.databaseReads ?? DEFAULT_NAMES["database-reads"],
      "background-jobs": names.backgroundJobs ?? DEFAULT_NAMES["background-jobs"],
    },
    siteUrl: siteUrl ?? null,
    siteTimeoutMs: status.siteCheck?.timeoutMs ?? 3000,
    siteSlowMs: status.siteCheck?.slowMs ?? 2000,
    refreshMs: (status.refreshSeconds ?? 5) * 1000,
    clusters: status.clusters ?? null,
  };
}
