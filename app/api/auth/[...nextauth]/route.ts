import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";

export const dynamic = "force-dynamic";

// Without NEXTAUTH_URL, next-auth would build its redirects on http://localhost:3000; trusting the
// Host header instead lets the demo work on any address. Set NEXTAUTH_URL in production.
if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "1";

type NextAuthContext = { params: Promise<{ nextauth: string[] }> };

// GET, POST /api/auth/* – next-auth: sign-in, callbacks, session, CSRF token, sign-out
async function handler(req: NextRequest, context: NextAuthContext): Promise<Response> {
  return NextAuth(req, context, getAuthOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
