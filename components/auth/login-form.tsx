"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { signInErrorMessage } from "@/lib/auth/callback-url";

export interface LoginFormProps {
  callbackPath: string;
  initialError: string | null;
  ssoProviders: { id: string; name: string }[];
}

/** Username and password sign-in, plus a button per single-sign-on provider when configured. */
export function LoginForm({ callbackPath, initialError, ssoProviders }: LoginFormProps) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        redirect: false,
        username: String(form.get("username") ?? ""),
        password: String(form.get("password") ?? ""),
        callbackUrl: callbackPath,
      });
      if (!result || result.error || !result.ok) {
        setError(signInErrorMessage(result?.error ?? "CredentialsSignin"));
        setPending(false);
        return;
      }
      // A full navigation, so server components render with the new session cookie.
      window.location.assign(callbackPath);
    } catch {
      setError("The console did not answer. Is it running?");
      setPending(false);
    }
  }

  const inputClass =
    "mt-1 block w-full rounded-md border border-slate-700 bg-slate-950 px-3 py-2 text-slate-100 placeholder-slate-500 focus:border-sky-500 focus:outline-none focus:ring-1 focus:ring-sky-500";

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-4" aria-describedby={error ? "login-error" : undefined}>
        <div>
          <label htmlFor="username" className="block text-sm font-medium text-slate-300">
            Username
          </label>
          <input id="username" name="username" autoComplete="username" required autoFocus className={inputClass} />
        </div>
        <div>
          <label htmlFor="password" className="block text-sm font-medium text-slate-300">
            Password
          </label>
          <input id="password" name="password" type="password" autoComplete="current-password" required className={inputClass} />
        </div>
        {error && (
          <p id="login-error" role="alert" className="rounded-md border border-red-700 bg-red-950/70 px-3 py-2 text-sm text-red-200">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={pending}
          className="w-full rounded-md bg-sky-600 px-3 py-2 text-sm font-semibold text-white hover:bg-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-400 disabled:opacity-60"
        >
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {ssoProviders.length > 0 && (
        <div className="space-y-2 border-t border-slate-800 pt-4">
          {ssoProviders.map((provider) => (
            <button
              key={provider.id}
              type="button"
              onClick={() => void signIn(provider.id, { callbackUrl: callbackPath })}
              className="w-full rounded-md border border-slate-700 px-3 py-2 text-sm font-medium text-slate-200 hover:border-slate-500"
            >
              Sign in with {provider.name}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
