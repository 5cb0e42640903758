"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
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

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-4" aria-describedby={error ? "login-error" : undefined}>
        <div>
          <label htmlFor="username" className="block text-sm font-medium text-slate-300">
            Username
          </label>
          <Input id="username" name="username" autoComplete="username" required autoFocus className="mt-1 block w-full" />
        </div>
        <div>
          <label htmlFor="password" className="block text-sm font-medium text-slate-300">
            Password
          </label>
          <Input id="password" name="password" type="password" autoComplete="current-password" required className="mt-1 block w-full" />
        </div>
        {error && (
          <p id="login-error" role="alert" className="rounded-md border border-red-700 bg-red-950/70 px-3 py-2 text-sm text-red-200">
            {error}
          </p>
        )}
        <Button type="submit" variant="primary" disabled={pending} className="w-full">
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {ssoProviders.length > 0 && (
        <div className="space-y-2 border-t border-slate-800 pt-4">
          {ssoProviders.map((provider) => (
            <Button key={provider.id} onClick={() => void signIn(provider.id, { callbackUrl: callbackPath })} className="w-full">
              Sign in with {provider.name}
            </Button>
          ))}
        </div>
      )}
    </div>
  );
}
