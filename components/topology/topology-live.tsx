"use client";

import { ageSeconds } from "@/components/dashboard/format";
import { StalenessBanner } from "@/components/dashboard/staleness-banner";
import { TopologyPending } from "@/components/dashboard/topology-pending";
import { useNow } from "@/components/dashboard/use-now";
import { useTopology } from "@/lib/swr/use-topology";
import { TopologyPicture } from "./topology-picture";

/** The topology picture on a page of its own, from the dashboard's live topology (one request for both). */
export function TopologyLive() {
  const { data: view, error, isLoading } = useTopology();
  const now = useNow(1000);
  if (!view) return <TopologyPending error={error} isLoading={isLoading} who="the console" />;
  return (
    <div className="space-y-2" data-generated-at={view.generatedAt}>
      <StalenessBanner ageSeconds={ageSeconds(view.generatedAt, now)} pollIntervalMs={view.pollIntervalMs} error={error} />
      <TopologyPicture view={view} />
    </div>
  );
}
