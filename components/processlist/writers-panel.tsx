"use client";

import {
  Area,
  ComposedChart,
  CartesianGrid,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { Table, TableHead, Td, Th, Tr } from "@/components/ui/table";
import {
  useServerWriters,
  type WritersResponse,
} from "@/lib/swr/use-processlist";
import { formatDuration, formatLocalClock } from "@/lib/time";

export interface WritersPanelProps {
  serverId: string;
  windowSeconds?: number;
}

const KIND_COLOURS = {
  insert: "#38bdf8",
  update: "#f59e0b",
  delete: "#f87171",
  replace: "#a78bfa",
} as const;
/** Fields the route adds beyond WritersResponse (additive; kept here until lib/swr's type has them). */
type WritersDetail = WritersResponse & {
  by?: "time" | "rows";
  sourceDescription?: string;
  sourceNote?: string | null;
};

/** Digest times are sub-second for most writes: say 240 ms, not 0s. */
function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  return formatDuration(seconds * 1000, { pad: false });
}

/** Who is writing on one server: writes/s by kind stacked, its replicas' worst lag beside, and the top statements. */
export function WritersPanel({
  serverId,
  windowSeconds = 300,
}: WritersPanelProps) {
  const { data: response, error } = useServerWriters(serverId, windowSeconds);
  const data = response as WritersDetail | undefined;
  const fromDigests = data?.source === "performance_schema";
  const rows = (data?.points ?? []).map((p) => ({ ...p, ts: Date.parse(p.t) }));
  const lagKey = data?.replicaIds.length ? "replicaLagSeconds" : "lagSeconds";
  return (
    <div data-testid={`writers-${serverId}`}>
      {error && (
        <p className="text-sm text-red-300">
          Could not load writers: {error.message}
        </p>
      )}
      <div className="h-48">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart
            data={rows}
            margin={{ top: 4, right: 8, bottom: 0, left: -12 }}
          >
            <CartesianGrid stroke="#1e293b" strokeDasharray="3 3" />
            <XAxis
              dataKey="ts"
              type="number"
              domain={["dataMin", "dataMax"]}
              tickFormatter={formatLocalClock}
              tick={{ fontSize: 10, fill: "#94a3b8" }}
            />
            <YAxis
              yAxisId="w"
              tick={{ fontSize: 10, fill: "#94a3b8" }}
              label={{
                value: "writes/s",
                angle: -90,
                fontSize: 10,
                fill: "#94a3b8",
              }}
            />
            <YAxis
              yAxisId="lag"
              orientation="right"
              tick={{ fontSize: 10, fill: "#94a3b8" }}
              label={{
                value: "lag s",
                angle: 90,
                fontSize: 10,
                fill: "#94a3b8",
              }}
            />
            <Tooltip
              labelFormatter={(t) => formatLocalClock(Number(t))}
              contentStyle={{
                background: "#0f172a",
                border: "1px solid #334155",
                fontSize: 12,
              }}
            />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            {(Object.keys(KIND_COLOURS) as (keyof typeof KIND_COLOURS)[]).map(
              (k) => (
                <Area
                  key={k}
                  yAxisId="w"
                  type="monotone"
                  dataKey={k}
                  stackId="writes"
                  stroke={KIND_COLOURS[k]}
                  fill={KIND_COLOURS[k]}
                  fillOpacity={0.35}
                  isAnimationActive={false}
                  connectNulls={false}
                />
              ),
            )}
            <Line
              yAxisId="lag"
              type="monotone"
              dataKey={lagKey}
              name={
                data?.replicaIds.length
                  ? `worst lag of ${data.replicaIds.join(", ")}`
                  : "lag"
              }
              stroke="#f43f5e"
              dot={false}
              strokeWidth={2}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <h3 className="mt-3 text-xs font-semibold uppercase tracking-wide text-slate-400">
        Top writing statements (by{" "}
        {(data?.by ?? "time") === "rows" ? "rows written" : "time"})
      </h3>
      {data && (
        <p
          className="text-xs text-slate-400"
          data-testid="writers-source"
          data-source={data.source}
        >
          Source:{" "}
          {data.sourceDescription ??
            (fromDigests
              ? "performance_schema statement digests"
              : "processlist sampling")}
          .
          {data.sourceNote && (
            <span className="text-amber-300"> {data.sourceNote}</span>
          )}
        </p>
      )}
      {data && data.top.length === 0 && (
        <p className="text-sm text-slate-400">
          {fromDigests
            ? "No writes in the last 15 minutes."
            : "No long enough writes seen in the last 15 minutes."}
        </p>
      )}
      {data && data.top.length > 0 && (
        <div className="overflow-x-auto">
          <Table className="mt-1 text-xs" data-testid="top-writers">
            <TableHead>
              <Th>User@host</Th>
              <Th>Kind</Th>
              <Th
                className="text-right"
                title={
                  fromDigests
                    ? "time spent executing, in the window"
                    : "time seen running by sampling"
                }
              >
                {fromDigests ? "Time" : "Seen"}
              </Th>
              <Th
                className="text-right"
                title={
                  fromDigests
                    ? "slowest execution since the server first saw this statement"
                    : "longest execution seen"
                }
              >
                {fromDigests ? "Slowest" : "Longest"}
              </Th>
              <Th className="text-right">Runs</Th>
              <Th className="text-right">Rows written</Th>
              <Th>Statement</Th>
            </TableHead>
            <tbody>
              {data.top.map((w) => (
                <Tr
                  key={`${w.digest ?? `${w.user}@${w.host}`}:${w.db ?? ""}:${w.fingerprint}`}
                  className="align-top"
                >
                  <Td className="whitespace-nowrap">
                    {w.accounts
                      ? w.accounts.length
                        ? w.accounts.join(", ")
                        : "unknown"
                      : `${w.user}@${w.host}`}
                  </Td>
                  <Td className="uppercase">{w.kind}</Td>
                  <Td className="text-right font-mono">
                    {fromDigests
                      ? formatSeconds(w.seenSeconds)
                      : formatDuration(w.seenSeconds * 1000, { pad: false })}
                  </Td>
                  <Td className="text-right font-mono">
                    {fromDigests
                      ? formatSeconds(w.longestSeconds)
                      : formatDuration(w.longestSeconds * 1000, { pad: false })}
                  </Td>
                  <Td className="text-right font-mono">{w.executions}</Td>
                  <Td className="text-right font-mono">
                    {w.rowsWritten == null ? (
                      <span title="processlist sampling cannot count rows">
                        n/a
                      </span>
                    ) : (
                      w.rowsWritten.toLocaleString("en-GB")
                    )}
                  </Td>
                  <Td>
                    <code
                      className="line-clamp-2 break-all text-slate-200"
                      title={w.example}
                    >
                      {w.fingerprint}
                    </code>
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </div>
  );
}
