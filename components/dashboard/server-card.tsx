import Link from "next/link";
import { formatClock } from "@/lib/time";
import type { FenceProgress } from "@/lib/actions/failover/fence";
import type { ServerView } from "@/lib/topology/types";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Stat } from "@/components/ui/stat";
import { LagChart } from "@/components/charts/lag-chart";
import { CauseOfLag } from "./cause-of-lag";
import { ChannelList } from "./channel-list";
import {
  HEALTH_BORDER,
  HEALTH_LABEL,
  HEALTH_TONE,
  ROLE_LABEL,
  ROLE_TONE,
  formatCount,
  formatLag,
  formatRate,
  formatReadOnly,
  formatSeconds,
} from "./format";
import { ProblemDetails } from "./problem-actions";

export interface ServerCardProps {
  server: ServerView;
  cutoffSeconds: number;
  pollIntervalMs: number;
  /** Seconds since the topology was generated, added to the server's own staleness. */
  viewAgeSeconds: number;
  /** the fence still trying to set this old writer read-only, if any */
  fence?: FenceProgress;
  /** the servers replicating from this one (named when it relays in a chain) */
  replicaIds?: string[];
}

/** Why a server does or does not take reads, in the words the application's read pool uses. */
function readsLabel(server: ServerView, cutoffSeconds: number): string {
  if (server.readEligible) return "eligible";
  if (server.role === "writer") return "writer (not in replica pool)";
  const reasons: string[] = [];
  if (!server.reachable || server.health === "unreachable") reasons.push("unreachable");
  else if (server.health === "stopped") reasons.push("replication stopped");
  else if (server.health === "error") reasons.push("replication error");
  if (server.lagSeconds !== null && server.lagSeconds > cutoffSeconds) reasons.push("past cutoff");
  else if (server.lagSeconds === null && reasons.length === 0) reasons.push("lag unknown");
  return reasons.length ? `not eligible (${reasons.join(", ")})` : "not eligible";
}

function ioThreadLabel(server: ServerView): string {
  const r = server.replication;
  if (!r) return "—";
  return r.ioState === "running" ? "Yes" : r.ioState === "connecting" ? "Connecting" : "No";
}

function FenceNotice({ fence }: { fence: FenceProgress }) {
  return (
    <div className="mt-2 rounded bg-amber-950/70 px-2 py-1 text-sm text-amber-100" data-testid={`server-fence-${fence.serverId}`}>
      <p className="font-semibold">Fenced: will be set read-only when it answers.</p>
      <p className="text-xs">
        Trying since {formatClock(fence.since)} UTC, {fence.attempts} {fence.attempts === 1 ? "attempt" : "attempts"} so far.
      </p>
      <ProblemDetails details={fence.lastError ?? undefined} />
    </div>
  );
}

function StaleNotice({ server, viewAgeSeconds, pollIntervalMs }: Omit<ServerCardProps, "cutoffSeconds">) {
  if (!server.reachable) {
    const since =
      server.staleSeconds === null ? "since the dashboard started" : `for ${formatSeconds(server.staleSeconds + viewAgeSeconds)}`;
    return (
      <p className="mt-2 rounded bg-red-950/70 px-2 py-1 text-sm font-semibold text-red-200" data-testid={`server-unreachable-${server.id}`}>
        Unreachable {since}
        {server.lastSeenAt ? ` (last answer ${formatClock(server.lastSeenAt)} UTC)` : ""}. Values below are the last known.
      </p>
    );
  }
  const stale = (server.staleSeconds ?? 0) + viewAgeSeconds;
  if (server.staleSeconds !== null && stale * 1000 > 3 * Math.max(pollIntervalMs, 1000)) {
    return (
      <p className="mt-2 rounded bg-amber-950/70 px-2 py-1 text-sm text-amber-200" data-testid={`server-stale-${server.id}`}>
        No answer for {formatSeconds(stale)}: data may be out of date.
      </p>
    );
  }
  return null;
}

/** One server at a glance: role, health, lag and where it comes from, threads, load, last error. */
export function ServerCard({ server, cutoffSeconds, pollIntervalMs, viewAgeSeconds, fence, replicaIds = [] }: ServerCardProps) {
  const r = server.replication;
  // An expected break (its source is gone) is explained in words; its raw error stays under details.
  const lastError = server.replicationNote ? null : (r?.lastError ?? server.error);
  const lastKnown = server.reachable ? "" : " (last known)";
  const isWriter = server.role === "writer";
  const pastCutoff = server.lagSeconds !== null && server.lagSeconds > cutoffSeconds;

  return (
    <Card
      className={`border-l-4 ${HEALTH_BORDER[server.health]} ${isWriter ? "ring-1 ring-violet-500/60" : ""}`}
      data-testid={`server-card-${server.id}`}
      data-role={server.role}
      data-health={server.health}
      data-read-eligible={server.readEligible ? "true" : "false"}
      data-reachable={server.reachable ? "true" : "false"}
      aria-label={`${server.id}: ${ROLE_LABEL[server.role]}, ${HEALTH_LABEL[server.health]}`}
    >
      <header className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <h3 className="font-mono text-base font-bold text-slate-50">
          <Link href={`/servers/${encodeURIComponent(server.id)}`} className="text-sky-200 underline-offset-2 hover:underline" data-testid={`server-link-${server.id}`}>
            {server.id}
          </Link>
        </h3>
        <span className="min-w-0 truncate text-sm text-slate-400">{server.name}</span>
        <span className="ml-auto flex items-center gap-1.5">
          <Badge tone={ROLE_TONE[server.role]} data-testid={`server-role-${server.id}`}>
            {isWriter ? "★ writer" : ROLE_LABEL[server.role]}
          </Badge>
          <Badge tone={HEALTH_TONE[server.health]} data-testid={`server-health-${server.id}`}>
            {HEALTH_LABEL[server.health]}
          </Badge>
        </span>
      </header>
      {server.coMasterOf ? (
        <p className="mt-0.5 text-xs text-sky-300">
          master-master with <span className="font-mono">{server.coMasterOf}</span>
          {server.role === "co-master" ? " (failover candidate)" : ""}
        </p>
      ) : null}

      <StaleNotice server={server} viewAgeSeconds={viewAgeSeconds} pollIntervalMs={pollIntervalMs} />
      {fence ? <FenceNotice fence={fence} /> : null}
      {server.replicationNote ? (
        <div className="mt-2 rounded bg-slate-800/80 px-2 py-1 text-sm text-slate-200" data-testid={`server-replication-note-${server.id}`}>
          {server.replicationNote}
          <ProblemDetails details={r?.lastError ?? undefined} />
        </div>
      ) : null}

      <dl className="mt-2 grid grid-cols-2 gap-x-3 gap-y-1.5 sm:grid-cols-4">
        <Stat label="Lag" testId={`server-lag-${server.id}`} className="col-span-2">
          <span className={pastCutoff ? "font-semibold text-red-300" : server.lagSeconds === null && r ? "text-amber-300" : ""}>
            {server.lagNote ?? (r || server.lagSeconds !== null || !server.reachable ? formatLag(server.lagSeconds, server.lagSource) : "— (not a replica)")}
          </span>
        </Stat>
        <Stat label="Reads" testId={`server-reads-${server.id}`} className="col-span-2" wrap>
          <span className={server.readEligible ? "text-emerald-300" : isWriter ? "text-slate-300" : "font-semibold text-red-300"}>
            {readsLabel(server, cutoffSeconds)}
          </span>
        </Stat>
        <Stat label="Replicates from">{r ? (r.sourceId ?? `${r.sourceHost}:${r.sourcePort}`) : "—"}</Stat>
        <Stat label="IO thread" testId={`server-io-${server.id}`}>
          <span className={r && r.ioState !== "running" && !server.replicationNote ? "text-red-300" : ""}>{ioThreadLabel(server)}</span>
        </Stat>
        <Stat label="SQL thread" testId={`server-sql-${server.id}`}>
          <span className={r && !r.sqlRunning ? "font-semibold text-red-300" : ""} title={r?.sqlThreadState ?? undefined}>
            {r ? (r.sqlRunning ? "Yes" : "No") : "—"}
          </span>
        </Stat>
        <Stat label="read_only" testId={`server-read-only-${server.id}`}>
          <span className={isWriter && server.readOnly ? "text-red-300" : ""}>
            {formatReadOnly(server)}
            {lastKnown}
          </span>
        </Stat>
        <Stat label="Threads run / conn" testId={`server-threads-${server.id}`} className="col-span-2 sm:col-span-2">
          {formatCount(server.threadsRunning)} / {formatCount(server.threadsConnected)}
          {server.maxConnections ? <span className="text-slate-500"> of {formatCount(server.maxConnections)} max</span> : null}
        </Stat>
        <Stat label="Queries" testId={`server-qps-${server.id}`}>
          {formatRate(server.queriesPerSecond)}
        </Stat>
        <Stat label="Writes" testId={`server-wps-${server.id}`}>
          {formatRate(server.writesPerSecond)}
        </Stat>
      </dl>
      <ChannelList server={server} replicaIds={replicaIds} />

      {r?.sqlThreadState && r.sqlRunning ? (
        <p className="mt-1.5 truncate text-xs text-slate-400" title={r.sqlThreadState}>
          SQL thread: {r.sqlThreadState}
        </p>
      ) : null}

      <CauseOfLag serverId={server.id} />

      {lastError && server.reachable ? (
        <p className="mt-2 break-words rounded bg-red-950/60 px-2 py-1 font-mono text-xs text-red-200" data-testid={`server-error-${server.id}`}>
          Last error: {lastError}
        </p>
      ) : null}
      {/* Unreachable says it all above; the driver's words are there for whoever wants them. */}
      {lastError && !server.reachable ? <ProblemDetails details={lastError} /> : null}

      {server.version ? <p className="mt-1 text-[11px] text-slate-500">{server.version}</p> : null}

      <LagChart serverId={server.id} cutoffSeconds={cutoffSeconds} pollIntervalMs={pollIntervalMs} />
    </Card>
  );
}
