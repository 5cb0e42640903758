"use client";

import { useState } from "react";
import { mutate } from "swr";
import { Badge, type Tone } from "@/components/ui/badge";
import type { MaintenanceWindow } from "@/lib/maintenance/types";
import { formatUtc } from "@/lib/time";
import { localInputToIso, sendJson } from "./format";
import { MAINTENANCE_KEY, WINDOWS_KEY, useMaintenanceWindows } from "@/lib/swr/use-maintenance";

export interface MaintenanceWindowsProps {
  initial: MaintenanceWindow[];
  canOperate: boolean;
}

const STATUS_TONE: Record<MaintenanceWindow["status"], Tone> = { active: "warn", upcoming: "info", ended: "neutral", cancelled: "neutral" };

/** Scheduled windows (active and upcoming, then recent ones), with cancel and a schedule form. */
export function MaintenanceWindows({ initial, canOperate }: MaintenanceWindowsProps) {
  const { data: windows = initial, error } = useMaintenanceWindows(initial);
  const [actionError, setActionError] = useState<string | null>(null);

  const cancel = async (w: MaintenanceWindow) => {
    const what = w.status === "active" ? "End this window now? The site comes back at once." : "Cancel this scheduled window?";
    if (!window.confirm(what)) return;
    setActionError(null);
    try {
      await sendJson("DELETE", `/api/maintenance/windows/${w.id}`);
    } catch (err) {
      setActionError((err as Error).message);
    }
    await Promise.all([mutate(WINDOWS_KEY), mutate(MAINTENANCE_KEY)]);
  };

  return (
    <div className="space-y-3">
      {error && <p className="text-xs text-amber-300">Could not refresh the windows: {error.message}</p>}
      {actionError && (
        <p role="alert" className="text-sm text-red-300">
          {actionError}
        </p>
      )}
      {windows.length === 0 ? (
        <p className="text-sm text-slate-400" data-testid="maintenance-windows-empty">
          No maintenance windows scheduled.
        </p>
      ) : (
        <table className="w-full text-left text-sm" data-testid="maintenance-windows">
          <thead className="text-xs text-slate-400">
            <tr>
              <th className="py-1 pr-2">#</th>
              <th className="py-1 pr-2">Status</th>
              <th className="py-1 pr-2">Starts</th>
              <th className="py-1 pr-2">Ends</th>
              <th className="py-1 pr-2">Message</th>
              <th className="py-1 pr-2">By</th>
              <th className="py-1" />
            </tr>
          </thead>
          <tbody>
            {windows.map((w) => (
              <tr key={w.id} className="border-t border-slate-800" data-testid="maintenance-window-row" data-status={w.status}>
                <td className="py-1 pr-2 text-slate-400">{w.id}</td>
                <td className="py-1 pr-2">
                  <Badge tone={STATUS_TONE[w.status]}>{w.status}</Badge>
                </td>
                <td className="py-1 pr-2 whitespace-nowrap">{formatUtc(w.startsAt)}</td>
                <td className="py-1 pr-2 whitespace-nowrap">{formatUtc(w.cancelledAt && w.cancelledAt < w.endsAt ? w.cancelledAt : w.endsAt)}</td>
                <td className="py-1 pr-2 text-slate-300">{w.message ?? <span className="text-slate-500">(default)</span>}</td>
                <td className="py-1 pr-2 text-slate-400">{w.cancelledBy ? `${w.createdBy}, cancelled by ${w.cancelledBy}` : w.createdBy}</td>
                <td className="py-1 text-right">
                  {canOperate && (w.status === "active" || w.status === "upcoming") && (
                    <button type="button" onClick={() => void cancel(w)} className="rounded border border-slate-600 px-2 py-0.5 text-xs hover:border-slate-400">
                      {w.status === "active" ? "End now" : "Cancel"}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canOperate && <ScheduleForm />}
    </div>
  );
}

function ScheduleForm() {
  const [startsAt, setStartsAt] = useState("");
  const [endsAt, setEndsAt] = useState("");
  const [message, setMessage] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const starts = localInputToIso(startsAt);
    const ends = localInputToIso(endsAt);
    if (!starts || !ends) return setError("Set both a start and an end.");
    setPending(true);
    setError(null);
    try {
      await sendJson("POST", "/api/maintenance/windows", { startsAt: starts, endsAt: ends, message: message.trim() || null });
      setStartsAt("");
      setEndsAt("");
      setMessage("");
      await Promise.all([mutate(WINDOWS_KEY), mutate(MAINTENANCE_KEY)]);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setPending(false);
    }
  };

  const input = "mt-1 block rounded border border-slate-600 bg-slate-950 px-2 py-1 text-slate-100";
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      className="flex flex-wrap items-end gap-3 border-t border-slate-800 pt-3"
      aria-label="Schedule a maintenance window"
    >
      <label className="text-sm">
        <span className="text-slate-300">Starts (local time)</span>
        <input type="datetime-local" required value={startsAt} onChange={(e) => setStartsAt(e.target.value)} className={input} />
      </label>
      <label className="text-sm">
        <span className="text-slate-300">Ends (local time)</span>
        <input type="datetime-local" required value={endsAt} onChange={(e) => setEndsAt(e.target.value)} className={input} />
      </label>
      <label className="min-w-[16rem] flex-1 text-sm">
        <span className="text-slate-300">Window message for visitors</span>
        <input type="text" maxLength={500} value={message} onChange={(e) => setMessage(e.target.value)} className={`${input} w-full`} />
      </label>
      <button type="submit" disabled={pending} className="rounded bg-sky-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-sky-500 disabled:opacity-50">
        {pending ? "Scheduling…" : "Schedule window"}
      </button>
      {error && (
        <p role="alert" className="w-full text-sm text-red-300">
          {error}
        </p>
      )}
    </form>
  );
}
