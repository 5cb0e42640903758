import type { ReplicaActivity } from "@/lib/processlist";
import { Badge } from "@/components/ui/badge";
import { formatDuration } from "@/lib/time";

export interface ReplicaActivityListProps {
  replicas: ReplicaActivity[];
}

/** For each replica: what its SQL thread applies now, for how long, and where it is. */
export function ReplicaActivityList({ replicas }: ReplicaActivityListProps) {
  if (replicas.length === 0) return <p className="text-sm text-slate-400">No replicas in view.</p>;
  return (
    <ul className="grid gap-2 md:grid-cols-2" data-testid="replica-activity">
      {replicas.map((r) => (
        <li key={`${r.serverId}:${r.channel}`} className="rounded border border-slate-800 p-2 text-sm" data-testid="replica-activity-item" data-server={r.serverId}>
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-semibold text-slate-100">{r.serverId}</span>
            <span className="text-xs text-slate-400">from {r.sourceId ?? r.source}{r.channel ? ` (channel ${r.channel})` : ""}</span>
            <Badge tone={r.sqlRunning ? "ok" : "danger"}>SQL {r.sqlRunning ? "running" : "stopped"}</Badge>
            <Badge tone={r.ioRunning ? "ok" : "danger"}>IO {r.ioRunning ? "running" : "stopped"}</Badge>
            {r.secondsBehindSource != null && <span className="text-xs text-slate-300">behind {formatDuration(r.secondsBehindSource * 1000, { pad: false })}</span>}
          </div>
          <p className="mt-1 text-xs text-slate-300">{r.sqlState ?? "no state"}</p>
          <p className="mt-1 text-xs">
            <span className="text-slate-400">Applying: </span>
            {r.applying ? (
              <code className="break-all text-amber-200" data-testid="replica-applying">
                {r.applying}
              </code>
            ) : (
              <span className="text-slate-400">nothing (waiting for events)</span>
            )}
            {r.applying && r.applyingForSeconds != null && <span className="text-slate-400"> for {formatDuration(r.applyingForSeconds * 1000, { pad: false })}</span>}
          </p>
          <dl className="mt-1 grid grid-cols-[5.5rem_1fr] gap-x-2 font-mono text-[11px] text-slate-400">
            <dt>exec pos</dt>
            <dd className="break-all">{r.execPosition ?? "?"}</dd>
            <dt>relay log</dt>
            <dd className="break-all">{r.relayPosition ?? "?"}</dd>
            <dt>GTID</dt>
            <dd className="break-all">{r.gtidPosition ?? "?"}</dd>
          </dl>
          {r.workers.length > 0 && <p className="mt-1 text-xs text-slate-400">{r.workers.length} busy parallel worker(s)</p>}
          {r.lastError && <p className="mt-1 text-xs text-red-300">{r.lastError}</p>}
        </li>
      ))}
    </ul>
  );
}
