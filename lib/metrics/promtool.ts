import { spawnSync } from "node:child_process";

/**
 * Runs Prometheus's promtool (Debian's `prometheus` package; .ci/run installs it) with `input` on
 * stdin. Used by the tests that hold the exposition and the rule files to Prometheus's own checks.
 */
export function promtool(args: string[], input?: string): { ok: boolean; output: string } {
  const r = spawnSync("promtool", args, { input, encoding: "utf8", timeout: 30_000 });
  if (r.error) throw new Error(`promtool could not run (${r.error.message}): install Debian's prometheus package`);
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
}
