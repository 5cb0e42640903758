"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { sendJson } from "@/components/incidents/send-json";

export interface RunbookEditorProps {
  slug: string;
  title: string;
  body: string;
  edited: boolean;
}

const INPUT = "w-full rounded border border-slate-700 bg-slate-950 px-2 py-1.5 text-sm text-slate-100";

/** An admin's editor: save a version of the runbook, or go back to the shipped default. */
export function RunbookEditor({ slug, title: initialTitle, body: initialBody, edited }: RunbookEditorProps) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState(initialTitle);
  const [body, setBody] = useState(initialBody);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setPending(true);
    const answer = await sendJson(`/api/runbooks/${slug}`, "PUT", { title, body });
    setPending(false);
    setMessage(answer.ok ? "Saved." : answer.message);
    if (answer.ok) router.refresh();
  };

  const reset = async () => {
    setPending(true);
    const answer = await sendJson(`/api/runbooks/${slug}`, "DELETE");
    setPending(false);
    setMessage(answer.ok ? "Back to the shipped default." : answer.message);
    if (answer.ok) {
      setOpen(false);
      router.refresh();
    }
  };

  if (!open) {
    return (
      <div className="flex gap-2">
        <button type="button" onClick={() => setOpen(true)} className="rounded border border-slate-700 px-3 py-1.5 text-sm text-slate-200 hover:border-slate-500">
          Edit runbook
        </button>
        {edited && (
          <button type="button" onClick={() => void reset()} disabled={pending} className="rounded border border-slate-700 px-3 py-1.5 text-sm text-slate-200 hover:border-slate-500">
            Reset to default
          </button>
        )}
        {message && <p className="text-sm text-slate-300" role="status">{message}</p>}
      </div>
    );
  }
  return (
    <form onSubmit={save} className="space-y-2" data-testid="runbook-editor">
      <input className={INPUT} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={120} aria-label="Title" />
      <textarea className={`${INPUT} font-mono`} rows={18} value={body} onChange={(e) => setBody(e.target.value)} required maxLength={50_000} aria-label="Runbook (Markdown)" />
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" disabled={pending} className="rounded bg-sky-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-sky-600 disabled:opacity-50">
          Save runbook
        </button>
        <button type="button" onClick={() => setOpen(false)} className="rounded border border-slate-700 px-3 py-1.5 text-sm text-slate-200">
          Cancel
        </button>
        {message && <p className="text-sm text-slate-300" role="status">{message}</p>}
      </div>
    </form>
  );
}
