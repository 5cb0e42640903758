"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useServerHistory } from "@/lib/swr/use-server-history";
import { formatLocalClock } from "@/lib/time";
import { ChartBody, TIME_AXIS } from "./chart-body";
import { cutoffLabelPosition, lagAxisMax, lagAxisTicks, latestLag, toLagRows } from "./lag-series";

export interface LagChartProps {
  serverId: string;
  cutoffSeconds: number;
  pollIntervalMs: number;
  /** How far back the chart looks. */
  windowSeconds?: number;
  height?: number;
}

/** Replication lag of one server over the last minutes, with the read cutoff as a red dashed line. */
export function LagChart({ serverId, cutoffSeconds, pollIntervalMs, windowSeconds = 300, height = 120 }: LagChartProps) {
  const { data: points, error, isLoading } = useServerHistory(serverId, windowSeconds);
  const rows = toLagRows(points ?? [], Math.max(3 * pollIntervalMs, 3000));
  const latest = points ? latestLag(points) : null;
  const pastCutoff = latest !== null && latest > cutoffSeconds;
  const yMax = lagAxisMax(rows, cutoffSeconds);

  return (
    <figure
      className="mt-2"
      data-testid={`lag-chart-${serverId}`}
      data-latest-lag={latest === null ? "" : latest.toFixed(1)}
      data-cutoff={cutoffSeconds}
      data-points={rows.length}
      aria-label={`Replication lag of ${serverId}, last ${Math.round(windowSeconds / 60)} minutes`}
    >
      <figcaption className="flex items-baseline justify-between text-[11px] text-slate-400">
        <span>Lag, last {Math.round(windowSeconds / 60)} min</span>
        <span className={pastCutoff ? "font-semibold text-red-300" : "text-slate-300"} data-testid={`lag-chart-latest-${serverId}`}>
          {latest === null ? "now: unknown" : `now ${latest.toFixed(1)} s`}
          <span className="text-slate-500"> / cutoff {cutoffSeconds} s</span>
        </span>
      </figcaption>
      <ChartBody error={error} isLoading={isLoading} hasData={!!points} rows={rows.length} height={height}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 6, right: 6, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#1e293b" vertical={false} />
            <XAxis {...TIME_AXIS} />
            <YAxis
              domain={[0, yMax]}
              ticks={lagAxisTicks(yMax, cutoffSeconds)}
              interval={0}
              allowDataOverflow
              tick={{ fill: "#94a3b8", fontSize: 10 }}
              stroke="#334155"
              width={34}
              tickFormatter={(v: number) => `${v}s`}
            />
            <Tooltip
              contentStyle={{ background: "#0f172a", border: "1px solid #334155", fontSize: 12 }}
              labelStyle={{ color: "#cbd5e1" }}
              labelFormatter={(label) => (typeof label === "number" ? formatLocalClock(label) : String(label))}
              formatter={(value) => [typeof value === "number" ? `${value.toFixed(1)} s` : "unknown", "lag"]}
            />
            <ReferenceLine
              y={cutoffSeconds}
              stroke="#ef4444"
              strokeDasharray="5 4"
              ifOverflow="extendDomain"
              label={{ value: "read cutoff", position: cutoffLabelPosition(yMax, cutoffSeconds), fill: "#fca5a5", fontSize: 10 }}
            />
            <Line
              type="linear"
              dataKey="lag"
              stroke={pastCutoff ? "#f87171" : "#38bdf8"}
              strokeWidth={1.75}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </ChartBody>
    </figure>
  );
}
