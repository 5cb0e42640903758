/** One HTTP check of the site, as a visitor would see it. Its details stay internal. */
export interface SiteCheck {
  /** ms when the check finished */
  at: number;
  /** HTTP status; null when no answer came (refused, timed out) */
  httpStatus: number | null;
  latencyMs: number;
  /** "timeout", "refused", ... for the operator's console; never on the public page */
  error: string | null;
}

/**
 * GET the site's URL once with a deadline. Redirects are not followed: a 3xx is an answer, and a
 * redirect to a login or error host should not be chased from the console's process.
 */
export async function checkSite(url: string, timeoutMs: number): Promise<SiteCheck> {
  const started = Date.now();
  try {
    const res = await fetch(url, {
      method: "GET",
      redirect: "manual",
      cache: "no-store",
      headers: { "user-agent": "HotSeat-status-check/1", accept: "text/html,*/*" },
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Drain the body so the keep-alive socket is reusable; its content does not matter.
    await res.arrayBuffer().catch(() => undefined);
    return { at: Date.now(), httpStatus: res.status, latencyMs: Date.now() - started, error: null };
  } catch (err) {
    const e = err as { name?: string; cause?: { code?: string } };
    const error = e.name === "TimeoutError" || e.name === "AbortError" ? "timeout" : (e.cause?.code ?? "unreachable");
    return { at: Date.now(), httpStatus: null, latencyMs: Date.now() - started, error };
  }
}
