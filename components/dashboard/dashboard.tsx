"use client";

import Link from "next/link";
import { useState } from "react";
import { useLagHistory } from "@/lib/swr/use-lag-history";
import { useTopology } from "@/lib/swr/use-topology";
import type { TopologyView } from "@/lib/topology/types";
import { chooseLayout, parseFleetFilter, type DashboardLayout } from "@/components/fleet/fleet-rows";
import { FleetTable } from "@/components/fleet/fleet-table";
import { TopologyPicture } from "@/components/topology/topology-picture";
import { useFailover } from "@/components/failover/use-failover";
import { formatClock } from "@/lib/time";
import { ageSeconds } from "./format";
import { ProblemsList } from "./problems-list";
import { ServerCard } from "./server-card";
import { StalenessBanner } from "./staleness-banner";
import { TopologyPending } from "./topology-pending";
import { TopologySummary } from "./topology-summary";
import { useNow } from "./use-now";

export interface DashboardProps {
  /** operators get the actions beside a problem (kill) and the writer switch */
  canAct?: boolean;
  /** the page's `?view=`, `?cluster=` and `?health=` */
  search?: { view?: string; cluster?: string; health?: string };
}

/** The replication picture, folded: on the dashboard the cards or the table come first. Drawn only while open. */
function FoldedTopology({ view }: { view: TopologyView }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="rounded-md border border-slate-800 bg-slate-900/40" onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="dashboard-topology">
      <summary className="cursor-pointer px-3 py-1.5 text-sm font-semibold text-slate-200">
        Topology: who replicates from whom{view.clusters.length > 1 ? ` (${view.clusters.length} clusters)` : ""}
        <Link href="/topology" className="ml-2 text-xs font-normal text-sky-300 underline-offset-2 hover:underline">
          full page
        </Link>
      </summary>
      {open ? (
        <div className="px-2 pb-2">
          <TopologyPicture view={view} />
        </div>
      ) : null}
    </details>
  );
}

function LayoutSwitch({ layout }: { layout: DashboardLayout }) {
  const other = layout === "fleet" ? "cards" : "fleet";
  return (
    <Link href={`/?view=${other}`} className="text-xs text-sky-300 underline-offset-2 hover:underline" data-testid="layout-switch">
      {other === "fleet" ? "Show as a table" : "Show as cards"}
    </Link>
  );
}

/**
 * The live dashboard: staleness, the writer and its pair, problems, the folded topology picture,
 * then one card per server, or from 12 servers (or `?view=fleet`) one table row per server.
 */
export function Dashboard({ canAct = false, search = {} }: DashboardProps) {
  const { data: view, error, isLoading } = useTopology();
  const layout = chooseLayout(view?.servers.length ?? 0, search.view);
  // One request for every sparkline, and only while the table shows.
  const { data: history } = useLagHistory(!!view && layout === "fleet");
  // The fences still trying to set an old writer read-only (after an emergency switch).
  const fences = useFailover(false).data?.fences ?? [];
  const now = useNow(1000);

  if (!view) return <TopologyPending error={error} isLoading={isLoading} who="the dashboard" />;

  const age = ageSeconds(view.generatedAt, now);
  return (
    <div className="space-y-3" data-testid="dashboard" data-generated-at={view.generatedAt}>
      <StalenessBanner ageSeconds={age} pollIntervalMs={view.pollIntervalMs} error={error} />
      <TopologySummary view={view} canAct={canAct} />
      <ProblemsList problems={view.problems} canAct={canAct} />
      <FoldedTopology view={view} />
      {layout === "fleet" ? (
        <FleetTable view={view} initialFilter={parseFleetFilter(search, view)} requestedLayout={search.view === "fleet" ? "fleet" : null} history={history} />
      ) : (
        <div className="grid grid-cols-1 gap-3 lg:grid-cols-2 2xl:grid-cols-3" data-testid="server-grid">
          {view.servers.map((server) => (
            <ServerCard
              key={server.id}
              server={server}
              cutoffSeconds={view.clusters.find((c) => c.id === server.clusterId)?.lagCutoffSeconds ?? view.lagCutoffSeconds}
              pollIntervalMs={view.pollIntervalMs}
              viewAgeSeconds={age}
              fence={fences.find((f) => f.serverId === server.id)}
              replicaIds={view.servers.filter((s) => s.channels.some((c) => c.sourceId === server.id)).map((s) => s.id)}
            />
          ))}
        </div>
      )}
      <p className="flex flex-wrap justify-end gap-x-3 text-right text-[11px] text-slate-500">
        <LayoutSwitch layout={layout} />
        <span>
          Updated {formatClock(view.generatedAt)} UTC · {age} s ago
        </span>
      </p>
    </div>
  );
}
