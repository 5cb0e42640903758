/** Metric names a PromQL expression reads: hotseat_* families (histogram series mapped to their family) and hotseat:* recordings. */
export function metricsIn(expr: string): { families: string[]; recordings: string[] } {
  const families = [...expr.matchAll(/\bhotseat_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|sum|count)$/, ""));
  const recordings = [...expr.matchAll(/\bhotseat:[a-z_:]+/g)].map((m) => m[0]);
  return { families: [...new Set(families)], recordings: [...new Set(recordings)] };
}
