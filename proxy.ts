import { NextResponse, type NextRequest } from "next/server";
import { isPublicPage } from "@/lib/auth/public-paths";
import { securityHeaders } from "@/lib/auth/security-headers";
import { callerFromSessionCookies } from "@/lib/auth/session";

/**
 * Runs before every page and API request (Next 16 "proxy", formerly middleware; Node runtime):
 * sends signed-out browsers to /login, except on public pages, and adds the security headers.
 * API routes are not redirected: withRole answers them with 401/403 JSON.
 */
export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const https = (req.headers.get("x-forwarded-proto") ?? req.nextUrl.protocol).startsWith("https");
  const headers = securityHeaders({ dev: process.env.NODE_ENV === "development", https });

  let response: NextResponse;
  if (pathname.startsWith("/api/") || pathname === "/api" || isPublicPage(pathname) || (await signedIn(req))) {
    response = NextResponse.next();
  } else {
    const login = new URL("/login", req.url);
    if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
    response = NextResponse.redirect(login);
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

async function signedIn(req: NextRequest): Promise<boolean> {
  try {
    return (await callerFromSessionCookies(req.cookies)) !== null;
  } catch (err) {
    // No config or no secret: treat as signed out; the login page shows the real problem.
    console.error("[hotseat] proxy could not read the session:", (err as Error).message);
    return false;
  }
}

export const config = {
  // Every API route (badge.svg and favicon.svg are answers too, and need the headers), and every
  // other path but build assets and public files (they must load on the login page too).
  matcher: ["/api/:path*", "/((?!api/|_next/static|_next/image|.*\\.(?:svg|png|ico|jpg|jpeg|gif|webp|txt|xml|woff2?|map)$).*)"],
};
