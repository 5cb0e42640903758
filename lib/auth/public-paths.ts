/**
 * What anyone may see without signing in (docs/architecture.md, "Contracts": roles). Everything else needs a session
 * or an API token. API routes enforce this themselves through withRole; the proxy uses it to send
 * signed-out browsers to the login page.
 */
export function isPublicPage(pathname: string): boolean {
  return (
    pathname === "/login" ||
    pathname.startsWith("/login/") ||
    pathname === "/status" ||
    pathname.startsWith("/status/")
  );
}

/** API paths that answer without credentials for some methods; the handlers decide which. */
export function isPublicApi(pathname: string, method: string): boolean {
  if (pathname.startsWith("/api/auth/")) return true; // next-auth's own endpoints
  if (pathname === "/api/health") return true;
  if (pathname === "/api/status" || pathname.startsWith("/api/status/")) return true;
  if (pathname === "/api/maintenance" && (method === "GET" || method === "HEAD")) return true;
  return false;
}
