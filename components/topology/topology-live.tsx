"use client";

import { DashboardSkeleton } from "@/components/dashboard/dashboard-skeleton";
import { ageSeconds } from "@/components/dashboard/format";
import { StalenessBanner } from "@/components/dashboard/staleness-banner";
import { useNow } from "@/components/dashboard/use-now";
import { Banner } from "@/components/ui/banner";
import { useTopology } from "@/lib/swr/use-topology";
import { TopologyPicture } from "./topology-picture";

/** The topology picture on a page of its own, from the dashboard's live topology (one request for both). */
export function TopologyLive() {
  const { data: view, error, isLoading } = useTopology();
  const now = useNow(1000);
  if (!view) {
    if (error) {
      return (
        <Banner tone="danger" data-testid="stale-banner">
          <strong>No data — the console cannot load the topology.</strong> {error.message} (retrying)
        </Banner>
      );
    }
    return <DashboardSkeleton label={isLoading ? "Loading topology…" : "Waiting for data…"} />;
  }
  return (
    <div className="space-y-2" data-generated-at={view.generatedAt}>
      <StalenessBanner ageSeconds={ageSeconds(view.generatedAt, now)} pollIntervalMs={view.pollIntervalMs} error={error} />
      <TopologyPicture view={view} />
    </div>
  );
}
