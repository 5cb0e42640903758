/** A server's recent lag as a tiny line, the cutoff dashed; the numbers are beside it in words. */
export interface LagSparklineProps {
  serverId: string;
  /** one value per equal time slot, oldest first; null where the lag was unknown */
  points: readonly (number | null)[] | undefined;
  cutoffSeconds: number;
  width?: number;
  height?: number;
}

/** Polyline segments between unknown slots, scaled to the higher of the peak and the cutoff. */
function segments(points: readonly (number | null)[], cutoff: number, width: number, height: number): { path: string[]; cutoffY: number } {
  const max = Math.max(cutoff * 1.2, ...points.map((p) => p ?? 0), 1);
  const x = (i: number) => (points.length <= 1 ? width : (i * width) / (points.length - 1));
  const y = (v: number) => height - 1 - (Math.min(v, max) / max) * (height - 2);
  const path: string[] = [];
  let current: string[] = [];
  points.forEach((p, i) => {
    if (p === null) {
      if (current.length) path.push(current.join(" "));
      current = [];
      return;
    }
    current.push(`${x(i).toFixed(1)},${y(p).toFixed(1)}`);
  });
  if (current.length) path.push(current.join(" "));
  return { path, cutoffY: y(cutoff) };
}

export function LagSparkline({ serverId, points, cutoffSeconds, width = 80, height = 20 }: LagSparklineProps) {
  const known = (points ?? []).filter((p): p is number => p !== null);
  const { path, cutoffY } = segments(points ?? [], cutoffSeconds, width, height);
  const past = known.some((p) => p > cutoffSeconds);
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      className="inline-block shrink-0 align-middle"
      data-testid={`fleet-sparkline-${serverId}`}
      data-points={known.length}
      data-peak={known.length ? Math.max(...known) : ""}
      role="img"
      aria-label={known.length ? `lag over the last minutes, peak ${Math.max(...known)} s` : "no lag history"}
    >
      <line x1={0} x2={width} y1={cutoffY} y2={cutoffY} stroke="#7f1d1d" strokeDasharray="3 2" strokeWidth={1} />
      {path.map((d, i) =>
        d.includes(" ") ? (
          <polyline key={i} points={d} fill="none" stroke={past ? "#f87171" : "#34d399"} strokeWidth={1.5} />
        ) : (
          <circle key={i} cx={d.split(",")[0]} cy={d.split(",")[1]} r={1.2} fill={past ? "#f87171" : "#34d399"} />
        ),
      )}
    </svg>
  );
}
