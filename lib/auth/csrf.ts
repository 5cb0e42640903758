/** Methods that may change state; only these need the same-origin check. */
export const STATE_CHANGING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * CSRF defence for cookie sessions: a state-changing request must come from a page of this
 * console. Browsers send `Sec-Fetch-Site` and `Origin` on every cross-origin POST and cannot be made
 * to forge them; the request's own origin is taken from Host (or X-Forwarded-Host behind a proxy)
 * and NEXTAUTH_URL. Bearer-token callers are exempt: a browser never adds that header on its own.
 */
export function isSameOrigin(headers: Headers, requestUrl: string, extraOrigins: string[] = []): boolean {
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return false;

  const claimed = headers.get("origin") ?? originOf(headers.get("referer"));
  // No Origin and no Referer: not a browser we can vouch for.
  if (!claimed || claimed === "null") return false;

  const allowed = new Set<string>(extraOrigins.map(originOf).filter((o): o is string => !!o));
  const requestOrigin = originOf(requestUrl);
  if (requestOrigin) allowed.add(requestOrigin);
  const proto = (headers.get("x-forwarded-proto") ?? requestOrigin?.split(":")[0] ?? "http").split(",")[0].trim();
  for (const host of [headers.get("x-forwarded-host"), headers.get("host")]) {
    const first = host?.split(",")[0].trim();
    if (first) allowed.add(`${proto}://${first}`.toLowerCase());
  }
  return allowed.has(claimed.toLowerCase());
}

function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin.toLowerCase();
  } catch {
    return null;
  }
}
