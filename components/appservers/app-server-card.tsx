"use client";

import type { AppServerHealth, AppServerView, AppService } from "@/lib/appservers/types";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Stat } from "@/components/ui/stat";
import { AppTierChart } from "./app-tier-chart";

export interface AppServerCardProps {
  appServer: AppServerView;
  /** Operators see the restart buttons; viewers never do. */
  canRestart: boolean;
  onRestart: (service: AppService) => void;
}

const HEALTH: Record<AppServerHealth, { label: string; tone: Tone; border: string }> = {
  ok: { label: "ok", tone: "ok", border: "border-l-emerald-600" },
  saturated: { label: "saturated", tone: "danger", border: "border-l-red-500" },
  unreachable: { label: "unreachable", tone: "danger", border: "border-l-red-700" },
};

const rate = (n: number | null | undefined) => (n == null ? "–" : `${n.toFixed(1)}/s`);

/** One app server: php-fpm workers used/total with the queue, nginx connections, the chart, restart for operators. */
export function AppServerCard({ appServer: a, canRestart, onRestart }: AppServerCardProps) {
  const h = HEALTH[a.health];
  const fpm = a.phpFpm;
  return (
    <Card className={`border-l-4 ${h.border}`} data-testid={`app-server-${a.id}`} data-health={a.health} aria-label={`App server ${a.name}`}>
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-mono text-sm font-semibold text-slate-100">{a.name}</h3>
        <Badge tone={h.tone} data-testid={`app-health-${a.id}`}>
          {h.label}
        </Badge>
      </header>
      {a.error && (
        <p className="mt-1 text-xs break-words text-red-300" data-testid={`app-error-${a.id}`}>
          {a.error}
        </p>
      )}
      <dl className="mt-2 grid grid-cols-2 gap-x-3 gap-y-2 sm:grid-cols-4">
        <Stat label="php-fpm workers" testId={`app-workers-${a.id}`}>
          {fpm ? `${fpm.activeProcesses} / ${fpm.totalProcesses} busy` : "–"}
        </Stat>
        <Stat label="queued" testId={`app-queue-${a.id}`} className={fpm && fpm.listenQueue > 0 ? "[&_dd]:text-red-300" : ""}>
          {fpm ? String(fpm.listenQueue) : "–"}
        </Stat>
        <Stat label="slow requests">{fpm ? String(fpm.slowRequests) : "–"}</Stat>
        <Stat label="accepted">{rate(fpm?.acceptedPerSecond)}</Stat>
        <Stat label="nginx active">{a.nginx ? String(a.nginx.active) : "–"}</Stat>
        <Stat label="reading / writing">{a.nginx ? `${a.nginx.reading} / ${a.nginx.writing}` : "–"}</Stat>
        <Stat label="waiting">{a.nginx ? String(a.nginx.waiting) : "–"}</Stat>
        <Stat label="requests">{rate(a.nginx?.requestsPerSecond)}</Stat>
      </dl>
      <AppTierChart appServerId={a.id} />
      {canRestart && a.restartable.length > 0 && (
        <div className="mt-2 flex flex-wrap gap-2">
          {a.restartable.map((service) => (
            <button
              key={service}
              type="button"
              onClick={() => onRestart(service)}
              className="rounded border border-amber-600 px-2 py-1 text-xs font-semibold text-amber-200 hover:bg-amber-950"
            >
              Restart {service}
            </button>
          ))}
        </div>
      )}
    </Card>
  );
}
