"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatLocalClock } from "@/lib/time";
import { ChartBody, TIME_AXIS } from "@/components/charts/chart-body";
import { useAppServerHistory } from "@/lib/swr/use-app-servers";

export interface AppTierChartProps {
  appServerId: string;
  /** The lag charts' window, so both tiers read on one clock. */
  windowSeconds?: number;
  height?: number;
}

/** Busy php-fpm workers against the pool's size, and the listen queue, over the lag charts' window. */
export function AppTierChart({ appServerId, windowSeconds = 300, height = 120 }: AppTierChartProps) {
  const { data: points, error, isLoading } = useAppServerHistory(appServerId, windowSeconds);
  const rows = (points ?? []).map((p) => ({ ts: Date.parse(p.t), busy: p.activeProcesses, total: p.totalProcesses, queue: p.listenQueue }));
  const latest = points?.at(-1);
  return (
    <figure
      className="mt-2"
      data-testid={`app-chart-${appServerId}`}
      data-points={rows.length}
      data-latest-queue={latest?.listenQueue ?? ""}
      aria-label={`php-fpm workers and queue of ${appServerId}, last ${Math.round(windowSeconds / 60)} minutes`}
    >
      <figcaption className="text-[11px] text-slate-400">Workers busy and requests queued, last {Math.round(windowSeconds / 60)} min</figcaption>
      <ChartBody error={error} isLoading={isLoading} hasData={!!points} rows={rows.length} height={height}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 6, right: 6, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#1e293b" vertical={false} />
            <XAxis {...TIME_AXIS} />
            <YAxis allowDecimals={false} tick={{ fill: "#94a3b8", fontSize: 10 }} stroke="#334155" width={34} />
            <Tooltip
              contentStyle={{ background: "#0f172a", border: "1px solid #334155", fontSize: 12 }}
              labelStyle={{ color: "#cbd5e1" }}
              labelFormatter={(label) => (typeof label === "number" ? formatLocalClock(label) : String(label))}
            />
            <Legend wrapperStyle={{ fontSize: 10 }} />
            <Line name="workers" type="stepAfter" dataKey="total" stroke="#64748b" strokeDasharray="5 4" dot={false} isAnimationActive={false} />
            <Line name="busy" type="linear" dataKey="busy" stroke="#38bdf8" strokeWidth={1.75} dot={false} isAnimationActive={false} />
            <Line name="queued" type="linear" dataKey="queue" stroke="#f87171" strokeWidth={1.75} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </ChartBody>
    </figure>
  );
}
