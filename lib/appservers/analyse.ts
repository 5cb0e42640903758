import type { AppServerConfig } from "@/lib/config";
import type { Problem } from "@/lib/topology/types";
import { APP_SERVICES, type AppServerSample, type AppServerView, type CausalLine } from "./types";

/**
 * The view of one app server from its latest sample. Unreachable when a configured status page
 * did not answer (or the poll is stuck); saturated when every php-fpm worker is busy or requests
 * wait in the listen queue. Pure.
 */
export function appServerView(sample: AppServerSample, config: AppServerConfig, stuckError: string | null = null): AppServerView {
  const failures = [
    sample.phpFpm && !sample.phpFpm.ok ? `php-fpm status: ${sample.phpFpm.error}` : null,
    sample.nginx && !sample.nginx.ok ? `nginx status: ${sample.nginx.error}` : null,
    stuckError,
    sample.sampledAt === 0 && !stuckError ? "not polled yet" : null,
  ].filter((f): f is string => f !== null);
  const fpm = sample.phpFpm?.ok ? sample.phpFpm.status : null;
  const nginx = sample.nginx?.ok ? sample.nginx.status : null;
  const reachable = failures.length === 0;
  const saturated = fpm !== null && fpm.totalProcesses > 0 && (fpm.idleProcesses === 0 || fpm.activeProcesses >= fpm.totalProcesses || fpm.listenQueue > 0);
  return {
    id: sample.id,
    name: sample.name,
    reachable,
    health: !reachable ? "unreachable" : saturated ? "saturated" : "ok",
    error: reachable ? null : failures.join("; "),
    lastSeenAt: sample.lastSeenAt ? new Date(sample.lastSeenAt).toISOString() : null,
    phpFpm: fpm && {
      activeProcesses: fpm.activeProcesses,
      idleProcesses: fpm.idleProcesses,
      totalProcesses: fpm.totalProcesses,
      listenQueue: fpm.listenQueue,
      maxChildrenReached: fpm.maxChildrenReached,
      slowRequests: fpm.slowRequests,
      acceptedPerSecond: sample.acceptedPerSecond,
    },
    nginx: nginx && {
      active: nginx.active,
      reading: nginx.reading,
      writing: nginx.writing,
      waiting: nginx.waiting,
      requestsPerSecond: sample.requestsPerSecond,
    },
    restartable: APP_SERVICES.filter((s) => Boolean(config.restart?.[s])),
  };
}

/** app_workers_exhausted and app_server_unreachable, in the topology's problem shape (serverId: the app server). */
export function appServerProblems(views: readonly AppServerView[]): Problem[] {
  const out: Problem[] = [];
  for (const v of views) {
    if (v.health === "unreachable") {
      out.push({ code: "app_server_unreachable", serverId: v.id, clusterId: null, severity: "critical", message: `App server ${v.id} does not answer: ${v.error ?? "no status"}.` });
    } else if (v.health === "saturated" && v.phpFpm) {
      const p = v.phpFpm;
      out.push({
        code: "app_workers_exhausted",
        serverId: v.id,
        clusterId: null,
        severity: "critical",
        message: `App server ${v.id}: ${p.activeProcesses} of ${p.totalProcesses} php-fpm workers busy, ${p.listenQueue} request${p.listenQueue === 1 ? "" : "s"} queued.`,
      });
    }
  }
  return out;
}

/** Database problems that make the app tier wait: the story's overloaded writer, reads all on the writer. */
const DATABASE_CAUSES = ["writer_overloaded", "all_replicas_past_cutoff"] as const;

/**
 * The causal line, when it holds: app servers saturated while the writer is overloaded or every
 * replica is past the cutoff. Then the app servers are waiting on the database, and restarting
 * them will not help. Pure; null when it does not hold.
 */
export function causalLine(views: readonly AppServerView[], databaseProblems: readonly Problem[]): CausalLine | null {
  const saturated = views.filter((v) => v.health === "saturated").map((v) => v.id);
  const causes = databaseProblems.filter((p) => (DATABASE_CAUSES as readonly string[]).includes(p.code));
  if (!saturated.length || !causes.length) return null;
  const named = causes.map((p) => p.message.replace(/\.$/, "")).join("; ");
  return {
    message: `The app servers are waiting on the database: restarting them will not help (${named}).`,
    appServerIds: saturated,
    databaseProblems: causes.map((p) => ({ code: p.code, serverId: p.serverId, message: p.message })),
  };
}
