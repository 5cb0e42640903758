/** The shared SWR fetcher: same-origin JSON with the session cookie, errors as FetchError. */

/** A failed API call, carrying the API's `{ error: { code, message } }` when it sent one. */
export class FetchError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "FetchError";
  }
}

/** Sends the browser to the sign-in page, coming back here afterwards. */
function redirectToLogin(): void {
  if (typeof window === "undefined") return;
  if (window.location.pathname.startsWith("/login")) return;
  const back = window.location.pathname + window.location.search;
  // A full page load on purpose: the session is gone, so no client state should survive it.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`/login?callbackUrl=${encodeURIComponent(back)}`);
}

/** Reads the API's error body if there is one; a proxy's HTML error page is not. */
async function readApiError(res: Response): Promise<{ code: string; message: string }> {
  try {
    const body: unknown = await res.json();
    if (body && typeof body === "object" && "error" in body) {
      const err = (body as { error?: { code?: unknown; message?: unknown } }).error;
      if (err && typeof err.code === "string" && typeof err.message === "string") {
        return { code: err.code, message: err.message };
      }
    }
  } catch {
    // not JSON: fall through to the status text
  }
  return { code: `http_${res.status}`, message: res.statusText || `HTTP ${res.status}` };
}

/**
 * GETs a same-origin API path and returns its JSON. Throws FetchError on any non-2xx answer
 * (and on a network failure, as status 0), and sends the browser to /login on a 401.
 */
export async function fetchJson<T>(url: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: "same-origin", headers: { accept: "application/json" }, cache: "no-store" });
  } catch (err) {
    throw new FetchError(0, "network", err instanceof Error ? err.message : "Network error");
  }
  if (!res.ok) {
    const { code, message } = await readApiError(res);
    if (res.status === 401) redirectToLogin();
    throw new FetchError(res.status, code, message);
  }
  return (await res.json()) as T;
}
