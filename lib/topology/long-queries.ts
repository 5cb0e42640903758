import { classifyProcess, isLongRunningStatement } from "@/lib/processlist/classify";
import type { ServerInput } from "./input";
import type { LongQuery, Problem } from "./types";

/**
 * One long_running_query problem per server: its longest client statement past `limitSeconds`
 * (killing it shows the next). Critical when run as root or typed into a command-line client: that
 * is a person's forgotten statement, not the application's. The statement text stays out: the
 * processlist shows it as the caller may read it.
 */
export function longQueryProblems(servers: readonly ServerInput[], limitSeconds: number, clusterOf: (id: string) => string | null = () => null): Problem[] {
  const problems: Problem[] = [];
  for (const s of servers) {
    if (!s.reachable || !s.processlist) continue;
    const ctx = { serverId: s.id, selfThreadIds: s.selfThreadIds ?? [], longQuerySeconds: limitSeconds };
    const long = s.processlist.map((row) => classifyProcess(row, ctx)).filter((p) => isLongRunningStatement(p, limitSeconds));
    if (long.length === 0) continue;
    const p = long.reduce((a, b) => (b.timeSeconds > a.timeSeconds ? b : a));
    const flags = p.flags.filter((f): f is LongQuery["flags"][number] => f === "root_user" || f === "interactive_client");
    const more = long.length > 1 ? ` (${long.length - 1} more past ${limitSeconds} s)` : "";
    problems.push({
      code: "long_running_query",
      serverId: s.id,
      clusterId: clusterOf(s.id),
      severity: flags.length > 0 ? "critical" : "warning",
      message: `${p.user}@${p.host} has run a statement on ${s.id} for ${p.timeSeconds} s (thread ${p.id})${more}.`,
      query: { threadId: p.id, user: p.user, host: p.host, timeSeconds: p.timeSeconds, flags },
    });
  }
  return problems;
}
