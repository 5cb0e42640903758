import { Badge } from "@/components/ui/badge";
import type { FailoverRun } from "@/lib/actions/failover/types";
import { RUN_TONE, RunCard, formatRunStart, formatRunTook } from "./run-card";

export interface RunHistoryProps {
  runs: FailoverRun[];
}

/**
 * Recent switches, newest first: a table from 640 px, cards on a phone. Both are rendered and CSS
 * shows one; the cards' test id ends in "-card" so "failover-history" stays unique.
 */
export function RunHistory({ runs }: RunHistoryProps) {
  if (!runs.length) return <p className="text-sm text-slate-400">No failover yet.</p>;
  return (
    <>
      <table className="hidden w-full text-left text-sm sm:table" data-testid="failover-history">
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
              <td className="py-1 whitespace-nowrap text-slate-300">{formatRunStart(r)}</td>
              <td className="text-slate-300">{r.actor}</td>
              <td className="text-slate-100">
                {r.from ?? "?"} → {r.to}
              </td>
              <td className="text-slate-300">{r.mode}</td>
              <td>
                <Badge tone={RUN_TONE[r.status]}>{r.status.replace("_", " ")}</Badge>
              </td>
              <td className="text-slate-400">{formatRunTook(r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="divide-y divide-slate-800 sm:hidden" data-testid="failover-history-card">
        {runs.map((r) => (
          <RunCard key={r.id} run={r} />
        ))}
      </ul>
    </>
  );
}
