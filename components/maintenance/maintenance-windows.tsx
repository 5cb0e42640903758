"use client";

import { useState } from "react";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { Table, TableHead, Td, Th, Tr } from "@/components/ui/table";
import type { MaintenanceWindow } from "@/lib/maintenance/types";
import { failureMessage, sendJson } from "@/lib/swr/fetcher";
import { MAINTENANCE_KEYS, useMaintenanceWindows } from "@/lib/swr/use-maintenance";
import { formatUtc, localInputToIso } from "@/lib/time";

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
      await sendJson("DELETE", `/api/maintenance/windows/${w.id}`, undefined, { revalidate: MAINTENANCE_KEYS });
    } catch (err) {
      setActionError(failureMessage(err));
    }
  };

  return (
    <div className="space-y-3">
      {error && <p className="text-xs text-amber-300">Could not refresh the windows: {error.message}</p>}
      <FormError>{actionError}</FormError>
      {windows.length === 0 ? (
        <p className="text-sm text-slate-400" data-testid="maintenance-windows-empty">
          No maintenance windows scheduled.
        </p>
      ) : (
        <Table data-testid="maintenance-windows">
          <TableHead>
            <Th>#</Th>
            <Th>Status</Th>
            <Th>Starts</Th>
            <Th>Ends</Th>
            <Th>Message</Th>
            <Th>By</Th>
            <Th />
          </TableHead>
          <tbody>
            {windows.map((w) => (
              <Tr key={w.id} data-testid="maintenance-window-row" data-status={w.status}>
                <Td className="text-slate-400">{w.id}</Td>
                <Td>
                  <Badge tone={STATUS_TONE[w.status]}>{w.status}</Badge>
                </Td>
                <Td className="whitespace-nowrap">{formatUtc(w.startsAt)}</Td>
                <Td className="whitespace-nowrap">
                  {/* Cancelled before it began: it never ran, so no end before its start. */}
                  {w.cancelledAt && w.cancelledAt < w.startsAt ? "never began" : formatUtc(w.cancelledAt && w.cancelledAt < w.endsAt ? w.cancelledAt : w.endsAt)}
                </Td>
                <Td className="text-slate-300">{w.message ?? <span className="text-slate-500">(default)</span>}</Td>
                <Td className="text-slate-400">{w.cancelledBy ? `${w.createdBy}, cancelled by ${w.cancelledBy}` : w.createdBy}</Td>
                <Td className="text-right">
                  {canOperate && (w.status === "active" || w.status === "upcoming") && (
                    <Button size="sm" onClick={() => void cancel(w)}>
                      {w.status === "active" ? "End now" : "Cancel"}
                    </Button>
                  )}
                </Td>
              </Tr>
            ))}
          </tbody>
        </Table>
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
      await sendJson("POST", "/api/maintenance/windows", { startsAt: starts, endsAt: ends, message: message.trim() || null }, { revalidate: MAINTENANCE_KEYS });
      setStartsAt("");
      setEndsAt("");
      setMessage("");
    } catch (err) {
      setError(failureMessage(err));
    } finally {
      setPending(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      className="flex flex-wrap items-end gap-3 border-t border-slate-800 pt-3"
      aria-label="Schedule a maintenance window"
    >
      <Field label="Starts (local time)">
        <Input type="datetime-local" required value={startsAt} onChange={(e) => setStartsAt(e.target.value)} />
      </Field>
      <Field label="Ends (local time)">
        <Input type="datetime-local" required value={endsAt} onChange={(e) => setEndsAt(e.target.value)} />
      </Field>
      <Field label="Window message for visitors" className="min-w-[16rem] flex-1">
        <Input type="text" maxLength={500} value={message} onChange={(e) => setMessage(e.target.value)} />
      </Field>
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? "Scheduling…" : "Schedule window"}
      </Button>
      <FormError className="w-full">{error}</FormError>
    </form>
  );
}
