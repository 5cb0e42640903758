import type { Metadata } from "next";
import Image from "next/image";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { safeCallbackPath, signInErrorMessage } from "@/lib/auth/callback-url";
import { enabledSsoProviders } from "@/lib/auth/options";
import { currentCaller } from "@/lib/auth/server";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

interface LoginPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

// GET /login – sign in with a configured user, or single sign-on when switched on
export default async function LoginPage({ searchParams }: LoginPageProps) {
  const query = await searchParams;
  const callbackPath = safeCallbackPath(query.callbackUrl);
  if (await currentCaller()) redirect(callbackPath);

  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-xl font-bold text-slate-50">
          <Image src="/logo.svg" alt="" width={28} height={28} priority />
          Hot Seat
        </div>
        <section className="rounded-lg border border-slate-800 bg-slate-900/70 p-6 shadow-sm">
          <h1 className="mb-4 text-lg font-semibold text-slate-100">Sign in to the console</h1>
          <LoginForm
            callbackPath={callbackPath}
            initialError={signInErrorMessage(query.error)}
            ssoProviders={enabledSsoProviders()}
          />
        </section>
        <p className="mt-4 text-center text-sm text-slate-400">
          Looking for the public status?{" "}
          <a href="/status" className="text-sky-300 hover:underline">
            Status page
          </a>
        </p>
      </div>
    </main>
  );
}
