"use client";

import Link from "next/link";
import { useState } from "react";
import { Markdown } from "@/components/runbooks/markdown";
import { runbookSlugFor } from "@/lib/runbooks/defaults";
import { useRunbook } from "@/lib/swr/use-runbook";
import type { ProblemCode } from "@/lib/topology/types";

export interface RunbookPanelProps {
  code: ProblemCode;
}

/** The problem's runbook, opened in place beside it: the on-call engineer reads it without leaving the dashboard. */
export function RunbookPanel({ code }: RunbookPanelProps) {
  const slug = runbookSlugFor(code);
  const [open, setOpen] = useState(false);
  const { data, error, isLoading } = useRunbook(open ? slug : null);
  if (!slug) return null;
  return (
    <div className="mt-1 w-full text-sm" data-testid="problem-runbook-panel">
      <button
        type="button"
        className="text-xs font-semibold underline underline-offset-2 hover:opacity-80"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        data-testid="problem-runbook"
      >
        {open ? "Hide runbook" : "Runbook"}
      </button>
      {open ? (
        <div className="mt-2 rounded-md border border-slate-700 bg-slate-950/80 p-3 text-slate-200" data-testid="problem-runbook-text">
          {isLoading ? <p className="text-slate-400">Loading the runbook…</p> : null}
          {error ? <p className="text-red-300">Could not load the runbook: {error.message}</p> : null}
          {data ? (
            <>
              <p className="mb-1 font-semibold text-slate-50">{data.title}</p>
              <Markdown source={data.body} />
              <Link href={`/runbooks/${slug}`} className="mt-2 inline-block text-xs text-sky-300 underline">
                Open the full page
              </Link>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
