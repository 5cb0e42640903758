"use client";

import { useEffect } from "react";
import { Banner } from "@/components/ui/banner";

export interface ConsoleErrorProps {
  error: Error & { digest?: string };
  reset: () => void;
}

/** A page of the console crashed: say so plainly and offer a retry; the rest of the console works. */
export default function ConsoleError({ error, reset }: ConsoleErrorProps) {
  useEffect(() => {
    console.error("[hotseat] console page error:", error);
  }, [error]);

  return (
    <div className="space-y-3">
      <Banner tone="danger">
        <strong>This page failed to render.</strong> The numbers on it are not shown because they could be wrong.
        {error.digest ? <span className="ml-1 font-mono text-xs opacity-80">(ref {error.digest})</span> : null}
      </Banner>
      <button
        type="button"
        onClick={reset}
        className="rounded border border-slate-600 bg-slate-800 px-3 py-1.5 text-sm text-slate-100 hover:bg-slate-700"
      >
        Try again
      </button>
    </div>
  );
}
