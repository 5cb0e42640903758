"use client";

import { useState } from "react";
import type { RestartOutcome } from "@/lib/appservers/restart";
import type { AppService } from "@/lib/appservers/types";
import { useAppServers } from "@/lib/swr/use-app-servers";
import { Banner } from "@/components/ui/banner";
import { AppServerCard } from "./app-server-card";
import { RestartDialog } from "./restart-dialog";

export interface AppTierRowProps {
  canRestart: boolean;
}

/**
 * The app tier beside the servers: every app server's workers and queue on the lag charts' clock,
 * and on top, when it holds, the line that says the app servers wait on the database.
 */
export function AppTierRow({ canRestart }: AppTierRowProps) {
  const { data, error, mutate } = useAppServers();
  const [target, setTarget] = useState<{ id: string; service: AppService } | null>(null);
  const [last, setLast] = useState<RestartOutcome | null>(null);
  if (!data) return error ? <Banner tone="warn">App tier unavailable: {error.message}</Banner> : null;
  if (data.appServers.length === 0) return null; // none configured
  const causal = data.causalLine;

  return (
    <section className="space-y-2" data-testid="app-tier" aria-labelledby="app-tier-title">
      <h2 id="app-tier-title" className="text-sm font-semibold tracking-wide text-slate-300 uppercase">
        App tier
      </h2>
      {causal && (
        <Banner tone="danger" data-testid="causal-line">
          <strong>{causal.message}</strong>
        </Banner>
      )}
      {last && (
        <p role="status" data-testid="restart-result" data-result={last.result} className={`text-sm ${last.result === "ok" ? "text-emerald-300" : "text-red-300"}`}>
          {last.message}
        </p>
      )}
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2 2xl:grid-cols-3">
        {data.appServers.map((a) => (
          <AppServerCard key={a.id} appServer={a} canRestart={canRestart} onRestart={(service) => setTarget({ id: a.id, service })} />
        ))}
      </div>
      {target && (
        <RestartDialog
          appServerId={target.id}
          service={target.service}
          causalLine={causal?.message ?? null}
          onClose={(outcome) => {
            setTarget(null);
            if (outcome) {
              setLast(outcome);
              void mutate();
            }
          }}
        />
      )}
    </section>
  );
}
