"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { ProcessView } from "@/lib/processlist";
import { FetchError, sendJson } from "@/lib/swr/fetcher";
import { formatDuration } from "@/lib/time";
import { StatementCut } from "./statement-cut";

export interface KillDialogProps {
  process: ProcessView;
  onClose: (killed: boolean) => void;
}

interface KillAnswer {
  ok: boolean;
  message: string;
}

/** Sends the kill with what the engineer saw, so the server refuses if the thread now runs something else. */
async function sendKill(p: ProcessView, mode: "query" | "connection"): Promise<KillAnswer> {
  try {
    const body = await sendJson<{ message?: string; result?: string } | null>(
      "POST",
      `/api/servers/${encodeURIComponent(p.serverId)}/processes/${p.id}/kill`,
      { mode, info: p.info, timeSeconds: p.timeSeconds },
    );
    return { ok: true, message: body?.message ?? `Done (${body?.result ?? "ok"})` };
  } catch (err) {
    if (!(err instanceof FetchError) || err.status === 0) throw err;
    const rule = typeof err.details.rule === "string" ? ` [${err.details.rule}]` : "";
    return { ok: false, message: `${err.message}${rule}` };
  }
}

/** The confirmation before a kill: server, user, time and the full statement, then KILL QUERY or CONNECTION. */
export function KillDialog({ process: p, onClose }: KillDialogProps) {
  const [mode, setMode] = useState<"query" | "connection">("query");
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<KillAnswer | null>(null);

  const confirm = async () => {
    setBusy(true);
    try {
      setAnswer(await sendKill(p, mode));
    } catch {
      setAnswer({ ok: false, message: "The console did not answer; look at the processlist again" });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="fixed inset-0 z-20 flex items-center justify-center bg-black/60 p-3" role="presentation">
      <div role="dialog" aria-modal="true" aria-labelledby="kill-title" data-testid="kill-dialog" className="w-full max-w-2xl rounded-lg border border-slate-700 bg-slate-900 p-4 shadow-xl">
        <h2 id="kill-title" className="text-base font-semibold text-slate-50">
          Kill thread {p.id} on {p.serverId}?
        </h2>
        <dl className="mt-3 grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-slate-400">Server</dt>
          <dd data-testid="kill-server">{p.serverId}</dd>
          <dt className="text-slate-400">User</dt>
          <dd data-testid="kill-user">
            {p.user}@{p.host}
          </dd>
          <dt className="text-slate-400">Running for</dt>
          <dd data-testid="kill-time">{formatDuration(p.timeSeconds * 1000, { pad: false })}</dd>
          <dt className="text-slate-400">Database</dt>
          <dd>{p.db ?? "none"}</dd>
        </dl>
        <pre data-testid="kill-query" className="mt-3 max-h-60 overflow-auto rounded border border-slate-800 bg-slate-950 p-2 text-xs whitespace-pre-wrap break-all text-slate-200">
          {p.info ?? "(no statement: the session is idle)"}
        </pre>
        <StatementCut infoLength={p.infoLength} testId="kill-query-cut" />
        <fieldset className="mt-3 flex flex-wrap gap-4 text-sm" disabled={busy || answer?.ok}>
          <legend className="sr-only">What to kill</legend>
          <label className="flex items-center gap-1.5">
            <input type="radio" name="kill-mode" checked={mode === "query"} onChange={() => setMode("query")} />
            KILL QUERY: stop the statement, keep the session
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" name="kill-mode" checked={mode === "connection"} onChange={() => setMode("connection")} />
            KILL CONNECTION: end the session too
          </label>
        </fieldset>
        {answer && (
          <p role="status" data-testid="kill-result" data-ok={answer.ok} className={`mt-3 rounded border px-2 py-1 text-sm ${answer.ok ? "border-emerald-700 bg-emerald-950 text-emerald-200" : "border-red-700 bg-red-950 text-red-200"}`}>
            {answer.message}
          </p>
        )}
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={() => onClose(!!answer?.ok)}>{answer ? "Close" : "Cancel"}</Button>
          {!answer?.ok && (
            <Button variant="danger" onClick={confirm} disabled={busy}>
              {busy ? "Killing…" : mode === "query" ? "Kill query" : "Kill connection"}
            </Button>
          )}
        </div>
      </div>
    </div>
  );
}
