"use client";

import { useState } from "react";
import type { ProcessView } from "@/lib/processlist";
import type { LongQuery } from "@/lib/topology/types";
import { fetchJson, failureMessage } from "@/lib/swr/fetcher";
import { processlistUrl, type ProcesslistResponse } from "@/lib/swr/use-processlist";
import { Button } from "@/components/ui/button";
import { KillDialog } from "@/components/processlist/kill-dialog";

export interface KillProblemQueryProps {
  serverId: string;
  query: LongQuery;
}

/**
 * Kill from the problem row: reads the thread from the processlist (its statement as this caller
 * may read it, which the kill's guard compares), then the processlist's own confirmation.
 */
export function KillProblemQuery({ serverId, query }: KillProblemQueryProps) {
  const [target, setTarget] = useState<ProcessView | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const open = async () => {
    setBusy(true);
    setNote(null);
    try {
      const view = await fetchJson<ProcesslistResponse>(processlistUrl({ server: serverId }));
      const p = view.processes.find((t) => t.id === query.threadId);
      if (p) setTarget(p);
      else setNote(`Thread ${query.threadId} has already ended.`);
    } catch (err) {
      setNote(failureMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button variant="danger" size="sm" onClick={open} disabled={busy} data-testid="problem-kill">
        {busy ? "Reading…" : `Kill thread ${query.threadId}…`}
      </Button>
      {note ? (
        <span role="status" className="text-xs text-slate-300">
          {note}
        </span>
      ) : null}
      {target ? <KillDialog process={target} onClose={() => setTarget(null)} /> : null}
    </>
  );
}
