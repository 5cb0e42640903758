"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Delivery } from "@/lib/notify/deliveries";

/** "Send test notification": one delivery per webhook, with the result of its first attempt. */
export function TestNotification() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<{ webhooks: number; deliveries: Delivery[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async () => {
    setPending(true);
    setError(null);
    try {
      const res = await fetch("/api/alerts/test", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: "{}",
      });
      const answer = (await res.json().catch(() => null)) as { webhooks: number; deliveries: Delivery[]; error?: { message?: string } } | null;
      if (!res.ok || !answer) setError(answer?.error?.message ?? `HTTP ${res.status}`);
      else {
        setResult(answer);
        router.refresh(); // the deliveries table below shows it too
      }
    } catch {
      setError("The console did not answer; try again");
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="space-y-2" data-testid="test-notification">
      <button type="button" onClick={() => void send()} disabled={pending} className="rounded bg-sky-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-sky-600 disabled:opacity-50">
        {pending ? "Sending…" : "Send test notification"}
      </button>
      {error && <p role="alert" className="text-sm text-red-300">{error}</p>}
      {result && (
        <div role="status" data-testid="test-result" className="text-sm">
          {result.webhooks === 0 ? (
            <p className="text-amber-300">No webhooks configured: add alerts.webhooks to the configuration.</p>
          ) : (
            <ul className="space-y-1">
              {result.deliveries.map((d) => (
                <li key={d.id} data-testid="test-delivery" data-status={d.status}>
                  <span className="font-mono">{d.target}</span> ({d.format}):{" "}
                  {d.status === "delivered" ? (
                    <span className="text-emerald-300">delivered, HTTP {d.lastStatus}</span>
                  ) : (
                    <span className="text-red-300">
                      not delivered ({d.lastError ?? "no answer"}){d.status === "pending" ? "; retrying with backoff" : ""}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
