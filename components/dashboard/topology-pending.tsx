import { Banner } from "@/components/ui/banner";
import { DashboardSkeleton } from "./dashboard-skeleton";

/** What a live topology view shows before its first answer: the error (while retrying), or a skeleton. */
export function TopologyPending({ error, isLoading, who }: { error: Error | undefined; isLoading: boolean; who: string }) {
  if (error) {
    return (
      <Banner tone="danger" data-testid="stale-banner">
        <strong>No data — {who} cannot load the topology.</strong> {error.message} (retrying)
      </Banner>
    );
  }
  return <DashboardSkeleton label={isLoading ? "Loading topology…" : "Waiting for data…"} />;
}
