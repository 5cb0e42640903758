type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/** True when HOTSEAT_TRUST_PROXY=1: the console is reachable only through a reverse proxy (nginx). */
export function trustsProxy(env: Record<string, string | undefined> = process.env): boolean {
  return env.HOTSEAT_TRUST_PROXY === "1";
}

/**
 * The client's address for rate limiting and the audit log. Any client can send X-Forwarded-For,
 * and Next keeps one it receives, so it is read only behind a trusted proxy (HOTSEAT_TRUST_PROXY=1),
 * and then only its last entry: the address nginx itself saw and appended
 * ($proxy_add_x_forwarded_for); entries before it are whatever the client wrote. Without a trusted
 * proxy the console cannot tell clients apart and answers "unknown" for all of them.
 */
export function clientAddress(headers: HeaderSource, trustProxy: boolean = trustsProxy()): string {
  if (!trustProxy) return "unknown";
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = headers[name];
    // several header lines are one comma-separated list; the proxy's is the last
    return Array.isArray(value) ? value.join(",") : value;
  };
  const entries = (get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return entries[entries.length - 1] ?? "unknown";
}
