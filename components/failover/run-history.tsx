import { Badge } from "@/components/ui/badge";
import type { FailoverRun } from "@/lib/actions/failover/types";
import { Table, TableHead, Td, Th, Tr } from "@/components/ui/table";
import { formatUtc } from "@/lib/time";
import { RUN_TONE, RunCard, formatRunTook } from "./run-card";

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
      <Table className="hidden sm:table" data-testid="failover-history">
        <TableHead>
          <Th>When</Th>
          <Th>Who</Th>
          <Th>Switch</Th>
          <Th>Mode</Th>
          <Th>Result</Th>
          <Th>Took</Th>
        </TableHead>
        <tbody>
          {runs.map((r) => (
            <Tr key={r.id} title={r.message ?? undefined}>
              <Td className="whitespace-nowrap text-slate-300">{formatUtc(r.startedAt, "second")}</Td>
              <Td className="text-slate-300">{r.actor}</Td>
              <Td className="text-slate-100">
                {r.from ?? "?"} → {r.to}
              </Td>
              <Td className="text-slate-300">{r.mode}</Td>
              <Td>
                <Badge tone={RUN_TONE[r.status]}>{r.status.replace("_", " ")}</Badge>
              </Td>
              <Td className="text-slate-400">{formatRunTook(r)}</Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      <ul className="divide-y divide-slate-800 sm:hidden" data-testid="failover-history-card">
        {runs.map((r) => (
          <RunCard key={r.id} run={r} />
        ))}
      </ul>
    </>
  );
}
