"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { failureMessage, sendJson } from "@/lib/swr/fetcher";
import { Button } from "@/components/ui/button";
import { Input, Textarea } from "@/components/ui/field";

export interface RunbookEditorProps {
  slug: string;
  title: string;
  body: string;
  edited: boolean;
}

/** An admin's editor: save a version of the runbook, or go back to the shipped default. */
export function RunbookEditor({ slug, title: initialTitle, body: initialBody, edited }: RunbookEditorProps) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState(initialTitle);
  const [body, setBody] = useState(initialBody);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  /** Sends the write; says how it went; true when it went through. */
  const write = async (method: "PUT" | "DELETE", body: unknown, done: string): Promise<boolean> => {
    setPending(true);
    try {
      await sendJson(method, `/api/runbooks/${slug}`, body);
      setMessage(done);
      router.refresh();
      return true;
    } catch (err) {
      setMessage(failureMessage(err));
      return false;
    } finally {
      setPending(false);
    }
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    await write("PUT", { title, body }, "Saved.");
  };

  const reset = async () => {
    if (await write("DELETE", undefined, "Back to the shipped default.")) setOpen(false);
  };

  if (!open) {
    return (
      <div className="flex gap-2">
        <Button onClick={() => setOpen(true)}>Edit runbook</Button>
        {edited && (
          <Button onClick={() => void reset()} disabled={pending}>
            Reset to default
          </Button>
        )}
        {message && <p className="text-sm text-slate-300" role="status">{message}</p>}
      </div>
    );
  }
  return (
    <form onSubmit={save} className="space-y-2" data-testid="runbook-editor">
      <Input className="w-full" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={120} aria-label="Title" />
      <Textarea className="w-full font-mono" rows={18} value={body} onChange={(e) => setBody(e.target.value)} required maxLength={50_000} aria-label="Runbook (Markdown)" />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="primary" disabled={pending}>
          Save runbook
        </Button>
        <Button onClick={() => setOpen(false)}>Cancel</Button>
        {message && <p className="text-sm text-slate-300" role="status">{message}</p>}
      </div>
    </form>
  );
}
