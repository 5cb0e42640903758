"use client";

import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Field, Select } from "@/components/ui/field";
import { Table, TableHead, Td, Th, Tr } from "@/components/ui/table";
import { formatCount, formatSeconds, HEALTH_LABEL, HEALTH_TONE, ROLE_LABEL } from "@/components/dashboard/format";
import type { LagSparklines } from "@/lib/collector/lag-sparklines";
import type { TopologyView } from "@/lib/topology/types";
import { fleetRows, fleetSearch, HEALTH_FILTERS, type DashboardLayout, type FleetFilter, type FleetRow, type HealthFilter } from "./fleet-rows";
import { LagSparkline } from "./lag-sparkline";

export interface FleetTableProps {
  view: TopologyView;
  /** from the URL; kept in it as they change */
  initialFilter: FleetFilter;
  /** the `?view=` asked for, kept in the URL beside the filters */
  requestedLayout: DashboardLayout | null;
  history: LagSparklines | undefined;
}

function lagText(row: FleetRow): string {
  if (row.role === "writer" && !row.replicates) return "—";
  if (row.lagSeconds === null) return row.lagNote ?? "unknown";
  return formatSeconds(row.lagSeconds);
}

function readsText(row: FleetRow): string {
  if (row.readEligible) return "yes";
  if (row.role === "writer") return "writer";
  return row.pastCutoff ? "no: past cutoff" : "no";
}

/** Every server in one compact table, most severe first, filtered by cluster and health (kept in the URL). */
export function FleetTable({ view, initialFilter, requestedLayout, history }: FleetTableProps) {
  const [filter, setFilter] = useState<FleetFilter>(initialFilter);
  const rows = fleetRows(view, filter);
  const lagOf = new Map(history?.servers.map((s) => [s.id, s.lagSeconds]) ?? []);
  const multiCluster = view.clusters.length > 1;

  const change = (next: FleetFilter) => {
    setFilter(next);
    // The URL holds the filters, so a link or a reload shows the same rows (no server round trip).
    window.history.replaceState(null, "", `${window.location.pathname}${fleetSearch(window.location.search, next, requestedLayout)}`);
  };

  return (
    <Card flush data-testid="fleet-view">
      <form className="flex flex-wrap items-end gap-2 border-b border-slate-800 px-3 py-2" onSubmit={(e) => e.preventDefault()} aria-label="Fleet filters">
        <Field label="Cluster">
          <Select value={filter.cluster ?? ""} onChange={(e) => change({ ...filter, cluster: e.target.value || undefined })} data-testid="fleet-filter-cluster">
            <option value="">All clusters</option>
            {view.clusters.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Health">
          <Select value={filter.health ?? ""} onChange={(e) => change({ ...filter, health: (e.target.value || undefined) as HealthFilter | undefined })} data-testid="fleet-filter-health">
            <option value="">Any health</option>
            {HEALTH_FILTERS.map((h) => (
              <option key={h} value={h}>
                {h === "not_ok" ? "not ok" : HEALTH_LABEL[h]}
              </option>
            ))}
          </Select>
        </Field>
        <span className="ml-auto text-xs text-slate-400" data-testid="fleet-count">
          {rows.length} of {view.servers.length} servers
        </span>
      </form>
      <Table className="table-fixed">
        <TableHead>
          <Th className="w-[26%] sm:w-[18%]">Server</Th>
          {multiCluster ? <Th className="hidden w-[14%] sm:table-cell">Cluster</Th> : null}
          <Th className="hidden w-[11%] md:table-cell">Role</Th>
          <Th className="w-[22%] sm:w-[13%]">Health</Th>
          <Th className="w-[32%] sm:w-[22%]">Lag, last 5 min</Th>
          <Th className="w-[20%] sm:w-[12%]">Reads</Th>
          <Th className="hidden w-[10%] text-right sm:table-cell">Threads</Th>
        </TableHead>
        <tbody>
          {rows.map((row, i) => (
            <Tr key={row.id} data-testid={`fleet-row-${row.id}`} data-index={i} data-health={row.health} data-past-cutoff={row.pastCutoff ? "true" : "false"} data-cluster={row.clusterId}>
              <Td className="truncate">
                {/* No prefetch: a hundred rows in view would fetch a hundred server pages. */}
                <Link href={`/servers/${encodeURIComponent(row.id)}`} prefetch={false} className="font-mono font-semibold text-sky-200 underline-offset-2 hover:underline" data-testid={`fleet-link-${row.id}`}>
                  {row.id}
                </Link>
                {/* On a phone the hidden columns' essentials ride under the id. */}
                <span className="block truncate text-[11px] text-slate-500 md:hidden">
                  {multiCluster ? `${row.clusterName} · ` : ""}
                  {row.role === "writer" ? "★ writer" : ROLE_LABEL[row.role]}
                </span>
              </Td>
              {multiCluster ? <Td className="hidden truncate text-slate-300 sm:table-cell">{row.clusterName}</Td> : null}
              <Td className={`hidden md:table-cell ${row.role === "writer" ? "font-semibold text-violet-200" : "text-slate-300"}`}>{row.role === "writer" ? "★ writer" : ROLE_LABEL[row.role]}</Td>
              <Td>
                <Badge tone={HEALTH_TONE[row.health]} data-testid={`fleet-health-${row.id}`}>
                  {HEALTH_LABEL[row.health]}
                </Badge>
              </Td>
              <Td>
                <div className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
                  <span className={`min-w-0 truncate tabular-nums ${row.pastCutoff ? "font-semibold text-red-300" : row.lagSeconds === null && row.replicates ? "text-amber-300" : "text-slate-200"}`} data-testid={`fleet-lag-${row.id}`} title={`cutoff ${row.cutoffSeconds} s`}>
                    {lagText(row)}
                  </span>
                  <LagSparkline serverId={row.id} points={lagOf.get(row.id)} cutoffSeconds={row.cutoffSeconds} width={64} height={18} />
                </div>
              </Td>
              <Td className={row.readEligible ? "text-emerald-300" : row.role === "writer" ? "text-slate-400" : "font-semibold text-red-300"} data-testid={`fleet-reads-${row.id}`}>
                {readsText(row)}
              </Td>
              <Td className="hidden text-right tabular-nums sm:table-cell">{formatCount(row.threadsRunning)}</Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      {rows.length === 0 ? <p className="px-3 py-3 text-sm text-slate-400">No server matches these filters.</p> : null}
    </Card>
  );
}
