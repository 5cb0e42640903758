"use client";

import { useEffect } from "react";
import { Banner } from "@/components/ui/banner";
import { Button } from "@/components/ui/button";

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
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
