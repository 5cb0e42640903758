"use client";

import Link from "next/link";
import { useState } from "react";
import { Banner } from "@/components/ui/banner";
import { Card } from "@/components/ui/card";
import { writersHref } from "@/lib/processlist/cause";
import type { ProcessView } from "@/lib/processlist";
import { foldBackground } from "@/lib/processlist/filters";
import { useProcesslist, type ProcesslistQuery } from "@/lib/swr/use-processlist";
import { formatLocalClock } from "@/lib/time";
import { KillDialog } from "./kill-dialog";
import { ProcessCardList } from "./process-card";
import { ProcessFilters } from "./process-filters";
import { ProcessTable } from "./process-table";
import { ReplicaActivityList } from "./replica-activity";
import { useScrollToHash } from "./use-scroll-to-hash";

export interface ProcesslistViewProps {
  canKill: boolean;
  /** Fixed server (the server detail page); the Processlist page lets the user pick. */
  serverId?: string;
  initialQuery?: ProcesslistQuery;
}

interface ThreadsProps {
  processes: ProcessView[];
  canKill: boolean;
  onKill: (p: ProcessView) => void;
}

/** Both are rendered and CSS shows one: the table from 640 px, cards on a phone. The table comes
    first so desktop text locators find it before the hidden cards. */
function Threads({ processes, canKill, onKill }: ThreadsProps) {
  return (
    <>
      <div className="hidden sm:block">
        <ProcessTable processes={processes} canKill={canKill} onKill={onKill} />
      </div>
      <div className="sm:hidden">
        <ProcessCardList processes={processes} canKill={canKill} onKill={onKill} />
      </div>
    </>
  );
}

/** The fleet's threads live, with filters, the replicas' SQL threads, and kill for operators. */
export function ProcesslistView({ canKill, serverId, initialQuery = {} }: ProcesslistViewProps) {
  const [query, setQuery] = useState<ProcesslistQuery>(serverId ? { ...initialQuery, server: serverId } : initialQuery);
  const [target, setTarget] = useState<ProcessView | null>(null);
  const { data, error, isLoading, mutate } = useProcesslist(query);
  const processes = data?.processes ?? [];
  const unreachable = data?.servers.filter((s) => !s.reachable) ?? [];
  const flagged = processes.filter((p) => p.flags.includes("long_running")).length;
  useScrollToHash(data !== undefined);
  const { open, folded } = foldBackground(processes, query.kind);

  return (
    <div className="space-y-3">
      <Card>
        <ProcessFilters value={query} servers={data?.servers ?? []} onChange={(q) => setQuery(serverId ? { ...q, server: serverId } : q)} />
      </Card>
      {error && <Banner tone="danger">Processlist unavailable: {error.message}. Showing the last data received.</Banner>}
      {unreachable.map((s) => (
        <Banner key={s.id} tone="warn">
          {s.name} cannot be reached ({s.error ?? "no answer"}): its threads are not shown.
        </Banner>
      ))}
      <Card flush>
        <div className="flex flex-wrap items-baseline gap-3 border-b border-slate-800 px-3 py-2 text-sm">
          <span className="font-semibold text-slate-100">{processes.length} threads</span>
          {flagged > 0 && (
            <span className="text-red-300" data-testid="long-running-count">
              {flagged} running longer than {data?.longQuerySeconds} s
            </span>
          )}
          <span className="ml-auto text-xs text-slate-400">
            {isLoading && !data ? "loading…" : data ? `as of ${formatLocalClock(Date.parse(data.generatedAt))}` : ""}
          </span>
        </div>
        <Threads processes={open} canKill={canKill} onKill={setTarget} />
        {folded.length > 0 && (
          <details className="border-t border-slate-800" data-testid="process-folded">
            <summary className="cursor-pointer px-3 py-2 text-sm text-slate-300">{folded.length} replication, system and console threads</summary>
            <Threads processes={folded} canKill={canKill} onKill={setTarget} />
          </details>
        )}
      </Card>
      <Card id="replica-activity" className="scroll-mt-16">
        <h2 className="mb-2 text-sm font-semibold text-slate-100">What the replicas apply</h2>
        <ReplicaActivityList replicas={data?.replicas ?? []} />
        {!serverId && (
          <p className="mt-2 text-xs text-slate-400">
            Who is writing:{" "}
            {(data?.servers ?? []).map((s, i) => (
              <span key={s.id}>
                {i > 0 && " · "}
                <Link className="text-sky-300 hover:underline" href={writersHref(s.id)}>
                  {s.id}
                </Link>
              </span>
            ))}
          </p>
        )}
      </Card>
      {target && (
        <KillDialog
          process={target}
          onClose={(killed) => {
            setTarget(null);
            if (killed) void mutate();
          }}
        />
      )}
    </div>
  );
}
