/** The shared SWR fetcher and the one write helper: same-origin JSON with the session cookie, errors as FetchError. */
import { mutate } from "swr";

/** A failed API call, carrying the API's `{ error: { code, message } }` when it sent one. */
export class FetchError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    /** the rest of the API's error object (a refusal's `rule`, a failed failover's `run`, …) */
    public readonly details: Readonly<Record<string, unknown>> = {},
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
async function readApiError(res: Response): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    const body: unknown = await res.json();
    if (body && typeof body === "object" && "error" in body) {
      const err = (body as { error?: { code?: unknown; message?: unknown } }).error;
      if (err && typeof err.code === "string" && typeof err.message === "string") {
        const { code, message, ...details } = err as { code: string; message: string } & Record<string, unknown>;
        return { code, message, details };
      }
    }
  } catch {
    // not JSON: fall through to the status text
  }
  return { code: `http_${res.status}`, message: res.statusText || `HTTP ${res.status}`, details: {} };
}

/** What a failed call says to a person: the API's own message, or that the console did not answer. */
export function failureMessage(err: unknown): string {
  if (err instanceof FetchError) return err.status === 0 ? "The console did not answer; try again" : err.message;
  return err instanceof Error ? err.message : String(err);
}

/** One same-origin call with the session cookie; any non-2xx answer (or none) as FetchError. */
async function request(url: string, init: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, credentials: "same-origin", cache: "no-store" });
  } catch (err) {
    throw new FetchError(0, "network", err instanceof Error ? err.message : "Network error");
  }
  if (!res.ok) {
    const { code, message, details } = await readApiError(res);
    if (res.status === 401) redirectToLogin();
    throw new FetchError(res.status, code, message, details);
  }
  return res;
}

/**
 * GETs a same-origin API path and returns its JSON. Throws FetchError on any non-2xx answer
 * (and on a network failure, as status 0), and sends the browser to /login on a 401.
 */
export async function fetchJson<T>(url: string): Promise<T> {
  const res = await request(url, { headers: { accept: "application/json" } });
  return (await res.json()) as T;
}

export interface SendJsonOptions {
  /** SWR keys that show what this write changes: revalidated once it has answered, whatever the answer. */
  revalidate?: readonly string[];
}

/**
 * The console's one way to write: sends `body` as JSON with `method` to a same-origin API path and
 * returns the answer's JSON (null for an empty one). Fails like fetchJson, with the API's message.
 */
export async function sendJson<T = unknown>(
  method: "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  body?: unknown,
  { revalidate = [] }: SendJsonOptions = {},
): Promise<T> {
  try {
    const res = await request(url, {
      method,
      headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return (text ? JSON.parse(text) : null) as T;
  } finally {
    await Promise.all(revalidate.map((key) => mutate(key)));
  }
}
