import { Badge, type Tone } from "@/components/ui/badge";
import type { FailoverRun, RunStatus } from "@/lib/actions/failover/types";

export interface RunHistoryProps {
  runs: FailoverRun[];
}

const TONE: Record<RunStatus, Tone> = { running: "info", ok: "ok", failed: "danger", rolled_back: "warn" };

/** Recent switches, newest first. */
export function RunHistory({ runs }: RunHistoryProps) {
  if (!runs.length) return <p className="text-sm text-slate-400">No failover yet.</p>;
  return (
    <table className="w-full text-left text-sm" data-testid="failover-history">
      <thead className="text-xs text-slate-500">
        <tr>
          <th className="py-1 font-normal">When (UTC)</th>
          <th className="font-normal">Who</th>
          <th className="font-normal">Switch</th>
          <th className="font-normal">Mode</th>
          <th className="font-normal">Result</th>
          <th className="font-normal">Took</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-800">
        {runs.map((r) => (
          <tr key={r.id} title={r.message ?? undefined}>
            <td className="py-1 whitespace-nowrap text-slate-300">{r.startedAt.replace("T", " ").slice(0, 19)}</td>
            <td className="text-slate-300">{r.actor}</td>
            <td className="text-slate-100">
              {r.from ?? "?"} → {r.to}
            </td>
            <td className="text-slate-300">{r.mode}</td>
            <td>
              <Badge tone={TONE[r.status]}>{r.status.replace("_", " ")}</Badge>
            </td>
            <td className="text-slate-400">{r.finishedAt ? `${Date.parse(r.finishedAt) - Date.parse(r.startedAt)} ms` : "…"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
