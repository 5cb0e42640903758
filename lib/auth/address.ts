/**
 * The client's address for rate limiting and the audit log: the first X-Forwarded-For entry (set by
 * a reverse proxy, or by Next itself when there is none), else X-Real-IP. A client talking to Next
 * directly can forge it, which is why sign-in is also limited per username.
 */
export function clientAddress(headers: Headers | Record<string, string | string[] | undefined>): string {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const forwarded = get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || get("x-real-ip")?.trim() || "unknown";
}
