"use client";

import { useTopology } from "@/lib/swr/use-topology";
import { useFailover } from "@/components/failover/use-failover";
import { Banner } from "@/components/ui/banner";
import { formatClock } from "@/lib/time";
import { DashboardSkeleton } from "./dashboard-skeleton";
import { ageSeconds } from "./format";
import { ProblemsList } from "./problems-list";
import { ServerCard } from "./server-card";
import { StalenessBanner } from "./staleness-banner";
import { TopologySummary } from "./topology-summary";
import { useNow } from "./use-now";

export interface DashboardProps {
  /** operators get the actions beside a problem (kill) and the writer switch */
  canAct?: boolean;
}

/** The live dashboard: staleness, the writer and its pair, problems, then one card per server. */
export function Dashboard({ canAct = false }: DashboardProps) {
  const { data: view, error, isLoading } = useTopology();
  // The fences still trying to set an old writer read-only (after an emergency switch).
  const fences = useFailover(false).data?.fences ?? [];
  const now = useNow(1000);

  if (!view) {
    if (error) {
      return (
        <Banner tone="danger" data-testid="stale-banner">
          <strong>No data — the dashboard cannot load the topology.</strong> {error.message} (retrying)
        </Banner>
      );
    }
    return <DashboardSkeleton label={isLoading ? "Loading topology…" : "Waiting for data…"} />;
  }

  const age = ageSeconds(view.generatedAt, now);
  return (
    <div className="space-y-3" data-testid="dashboard" data-generated-at={view.generatedAt}>
      <StalenessBanner ageSeconds={age} pollIntervalMs={view.pollIntervalMs} error={error} />
      <TopologySummary view={view} canAct={canAct} />
      <ProblemsList problems={view.problems} canAct={canAct} />
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2 2xl:grid-cols-3" data-testid="server-grid">
        {view.servers.map((server) => (
          <ServerCard
            key={server.id}
            server={server}
            cutoffSeconds={view.lagCutoffSeconds}
            pollIntervalMs={view.pollIntervalMs}
            viewAgeSeconds={age}
            fence={fences.find((f) => f.serverId === server.id)}
          />
        ))}
      </div>
      <p className="text-right text-[11px] text-slate-500">
        Updated {formatClock(view.generatedAt)} UTC · {age} s ago
      </p>
    </div>
  );
}
