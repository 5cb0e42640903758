/** How hard a delivery is tried: attempts, exponential backoff between them, a timeout on each. */
export interface DeliveryPolicy {
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  timeoutMs: number;
}

export const DEFAULT_POLICY: DeliveryPolicy = { maxAttempts: 6, backoffMs: 2_000, maxBackoffMs: 5 * 60_000, timeoutMs: 5_000 };

/**
 * The wait after the `attempts`-th failed attempt: backoff, 2×, 4×, … capped at maxBackoffMs;
 * null once the attempts are used up (the delivery has failed for good).
 */
export function nextRetryDelay(attempts: number, policy: DeliveryPolicy): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const exponent = Math.max(0, attempts - 1);
  return Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.min(exponent, 30));
}
