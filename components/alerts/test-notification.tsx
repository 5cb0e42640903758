"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { Delivery } from "@/lib/notify/deliveries";
import { failureMessage, sendJson } from "@/lib/swr/fetcher";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";

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
      setResult(await sendJson<{ webhooks: number; deliveries: Delivery[] }>("POST", "/api/alerts/test", {}));
      router.refresh(); // the deliveries table below shows it too
    } catch (err) {
      setError(failureMessage(err));
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="space-y-2" data-testid="test-notification">
      <Button variant="primary" onClick={() => void send()} disabled={pending}>
        {pending ? "Sending…" : "Send test notification"}
      </Button>
      <FormError>{error}</FormError>
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
