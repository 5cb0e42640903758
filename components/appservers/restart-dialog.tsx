"use client";

import { useState } from "react";
import type { RestartOutcome } from "@/lib/appservers/restart";
import type { AppService } from "@/lib/appservers/types";
import { ConfirmDialog } from "@/components/maintenance/confirm-dialog";

export interface RestartDialogProps {
  appServerId: string;
  service: AppService;
  /** The causal line when it holds: said before anyone restarts. */
  causalLine: string | null;
  onClose: (outcome: RestartOutcome | null) => void;
}

interface Refusal {
  message: string;
  rule: string | null;
}

async function sendRestart(id: string, service: AppService, acknowledge: boolean): Promise<RestartOutcome | Refusal> {
  const res = await fetch(`/api/app-servers/${encodeURIComponent(id)}/restart`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(acknowledge ? { service, acknowledge } : { service }),
  });
  const body = (await res.json().catch(() => null)) as (RestartOutcome & { error?: { message?: string; rule?: string } }) | null;
  if (res.ok && body) return body;
  return { message: body?.error?.message ?? `HTTP ${res.status}`, rule: body?.error?.rule ?? null };
}

/** The confirmation before a restart; the third in ten minutes asks for an acknowledgement that names the cause. */
export function RestartDialog({ appServerId, service, causalLine, onClose }: RestartDialogProps) {
  const [pending, setPending] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  const needsAck = refusal?.rule === "restart_flapping";

  const confirm = async () => {
    setPending(true);
    try {
      const r = await sendRestart(appServerId, service, needsAck && acknowledged);
      if ("result" in r) onClose(r);
      else setRefusal(r);
    } catch {
      setRefusal({ message: "The console did not answer; look at the app tier again", rule: null });
    } finally {
      setPending(false);
    }
  };

  return (
    <ConfirmDialog
      open
      title={`Restart ${service} on ${appServerId}?`}
      confirmLabel={`Restart ${service}`}
      tone="danger"
      pending={pending}
      error={refusal && !needsAck ? refusal.message : null}
      onConfirm={confirm}
      onCancel={() => onClose(null)}
    >
      <p className="text-sm text-slate-300">Runs the restart command configured for {service} on {appServerId}. Requests in flight may fail.</p>
      {causalLine && (
        <p className="rounded border border-amber-600 bg-amber-950/70 px-2 py-1 text-sm text-amber-100" data-testid="restart-causal-line">
          {causalLine}
        </p>
      )}
      {needsAck && (
        <div className="space-y-2" data-testid="restart-ack">
          <p role="alert" className="text-sm text-red-300">
            {refusal.message}
          </p>
          <label className="flex items-start gap-2 text-sm text-slate-200">
            <input type="checkbox" className="mt-1" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} />
            I know it was restarted twice in ten minutes; restart it again anyway.
          </label>
        </div>
      )}
    </ConfirmDialog>
  );
}
