"use client";

import Link from "next/link";
import { Banner } from "@/components/ui/banner";
import type { MaintenanceState } from "@/lib/maintenance/types";
import { formatUtc } from "@/lib/time";
import { useMaintenance } from "@/lib/swr/use-maintenance";

export interface MaintenanceBannerLiveProps {
  initial: MaintenanceState | null;
}

/** The site's maintenance state on every console page: loud when on, one quiet line when off. */
export function MaintenanceBannerLive({ initial }: MaintenanceBannerLiveProps) {
  const { data, error } = useMaintenance(initial);
  if (!data) {
    if (!error) return null;
    return (
      <p className="mb-2 text-xs text-amber-300" data-testid="maintenance-banner" data-state="unknown">
        Maintenance state unknown: {error.message}
      </p>
    );
  }
  if (!data.enabled) {
    return (
      <p className="mb-2 text-xs text-slate-400" data-testid="maintenance-banner" data-state="off">
        Site live: maintenance mode off.{" "}
        <Link href="/maintenance" className="text-sky-300 hover:underline">
          Maintenance
        </Link>
      </p>
    );
  }
  return (
    <Banner tone="warn" className="mb-3" data-testid="maintenance-banner" data-state="on">
      <strong>Maintenance mode is on</strong>
      {data.source === "schedule" ? " (scheduled window)" : ""} since {formatUtc(data.since)}
      {data.until ? `, expected end ${formatUtc(data.until)}` : ""}. Visitors get a 503 page
      {/* The message brings its own punctuation: nothing is added after it. */}
      {data.message ? (
        <>
          {" "}
          with this message: <q data-testid="maintenance-banner-message">{data.message}</q>
        </>
      ) : (
        "."
      )}{" "}
      <Link href="/maintenance" className="font-medium underline">
        Manage
      </Link>
    </Banner>
  );
}
