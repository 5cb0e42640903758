"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { mutate } from "swr";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Input, Textarea } from "@/components/ui/field";
import type { HookSummary } from "@/lib/maintenance/hooks";
import type { MaintenanceState } from "@/lib/maintenance/types";
import { failureMessage, sendJson } from "@/lib/swr/fetcher";
import { MAINTENANCE_KEY, WINDOWS_KEY, useMaintenance } from "@/lib/swr/use-maintenance";
import { formatUtc, localInputToIso } from "@/lib/time";
import { ConfirmDialog } from "./confirm-dialog";

export interface MaintenanceSwitchProps {
  initial: MaintenanceState;
  /** operators and admins may flip it; viewers see the state only */
  canOperate: boolean;
  /** one line for the dashboard: the state and the button, the same confirmation behind it */
  compact?: boolean;
}

interface PutResult extends MaintenanceState {
  drivers: { flagFile: { path: string; present: boolean; error: string | null } | null; hooks: HookSummary[] };
}

/**
 * The one-click maintenance switch: state, and on/off behind a confirmation with message and end.
 * The Maintenance page shows it in full, the dashboard as one line: the same dialogs and PUT.
 */
export function MaintenanceSwitch({ initial, canOperate, compact = false }: MaintenanceSwitchProps) {
  const router = useRouter();
  const { data } = useMaintenance(initial);
  const state = data ?? initial;
  const [dialog, setDialog] = useState<"on" | "off" | null>(null);
  const [message, setMessage] = useState(state.message ?? "");
  const [until, setUntil] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [lastRun, setLastRun] = useState<PutResult["drivers"] | null>(null);

  const open = (which: "on" | "off") => {
    setError(null);
    if (which === "on") setMessage(state.message ?? "");
    setDialog(which);
  };

  const confirm = async () => {
    setPending(true);
    setError(null);
    try {
      const body =
        dialog === "on" ? { enabled: true, message: message.trim() || null, until: localInputToIso(until) } : { enabled: false };
      // the answer is the new state: set it, and fetch only the windows again (switching off ends one)
      const { drivers, ...next } = await sendJson<PutResult>("PUT", "/api/maintenance", body, { revalidate: [WINDOWS_KEY] });
      setLastRun(drivers);
      await mutate(MAINTENANCE_KEY, next, { revalidate: false });
      setDialog(null);
      router.refresh();
    } catch (err) {
      setError(failureMessage(err));
    } finally {
      setPending(false);
    }
  };

  const toggle = canOperate && (
    <Button
      variant={state.enabled ? "ok" : "warn"}
      size={compact ? "sm" : "md"}
      onClick={() => open(state.enabled ? "off" : "on")}
      className={compact ? "" : "ml-auto"}
    >
      {state.enabled ? "Turn maintenance off…" : "Turn maintenance on…"}
    </Button>
  );
  const dialogs = (
    <>
      <ConfirmDialog
        open={dialog === "on"}
        title="Put the site into maintenance?"
        confirmLabel="Turn maintenance on"
        tone="danger"
        pending={pending}
        error={error}
        onConfirm={confirm}
        onCancel={() => setDialog(null)}
      >
        <p className="text-sm text-slate-300">Every visitor gets a 503 page with this message until you turn it off. Staff with the bypass cookie still get through.</p>
        <Field label="Message for visitors">
          <Textarea
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            maxLength={500}
            rows={3}
            placeholder="We are doing some maintenance and will be back shortly."
          />
        </Field>
        <Field label="Expected end (your local time, optional)" className="items-start">
          <Input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
        </Field>
      </ConfirmDialog>

      <ConfirmDialog
        open={dialog === "off"}
        title="Bring the site back?"
        confirmLabel="Turn maintenance off"
        pending={pending}
        error={error}
        onConfirm={confirm}
        onCancel={() => setDialog(null)}
      >
        <p className="text-sm text-slate-300">
          Visitors reach the site again at once.{state.source === "schedule" ? " This also ends the scheduled window in force." : ""}
        </p>
      </ConfirmDialog>
    </>
  );

  if (compact) {
    return (
      <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="dashboard-maintenance-switch" data-state={state.enabled ? "on" : "off"}>
        <span className="text-slate-400">Maintenance</span>
        <Badge tone={state.enabled ? "warn" : "ok"}>{state.enabled ? "on" : "off"}</Badge>
        {toggle}
        {lastRun && (
          <div className="basis-full">
            <DriverReport drivers={lastRun} />
          </div>
        )}
        {dialogs}
      </div>
    );
  }

  return (
    <div className="space-y-3" data-testid="maintenance-switch" data-state={state.enabled ? "on" : "off"}>
      <div className="flex flex-wrap items-center gap-3">
        <Badge tone={state.enabled ? "warn" : "ok"} data-testid="maintenance-state">
          {state.enabled ? "Maintenance on" : "Site live"}
        </Badge>
        <p className="text-sm text-slate-300">
          {state.enabled ? (
            <>
              Since {formatUtc(state.since)}
              {state.source === "schedule" ? " (scheduled window)" : ""}
              {state.until ? `, expected end ${formatUtc(state.until)}` : ", no end announced"}.
            </>
          ) : (
            "Visitors reach the site normally."
          )}
        </p>
        {toggle}
      </div>
      {state.enabled && (
        <p className="text-sm text-slate-200">
          Visitors see: <q data-testid="maintenance-message">{state.message || "(the default message)"}</q>
        </p>
      )}
      {!canOperate && <p className="text-xs text-slate-400">Turning maintenance on or off needs the operator role.</p>}
      {lastRun && <DriverReport drivers={lastRun} />}
      {dialogs}
    </div>
  );
}

function DriverReport({ drivers }: { drivers: PutResult["drivers"] }) {
  if (!drivers.flagFile && drivers.hooks.length === 0) return null;
  return (
    <ul className="space-y-0.5 text-xs text-slate-400" data-testid="maintenance-drivers">
      {drivers.flagFile && (
        <li>
          Flag file {drivers.flagFile.path}: {drivers.flagFile.error ?? (drivers.flagFile.present ? "written" : "removed")}
        </li>
      )}
      {drivers.hooks.map((h, i) => (
        <li key={i} className={h.ok ? "" : "text-red-300"}>
          Hook {i + 1} of {drivers.hooks.length}: {h.ok ? "ok" : h.timedOut ? "timed out" : `failed (exit ${h.exitCode ?? "?"})`} ({h.durationMs} ms)
        </li>
      ))}
    </ul>
  );
}
