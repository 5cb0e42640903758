"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";

export interface SignOutButtonProps {
  className?: string;
}

/** Ends the session (next-auth posts with its own CSRF token) and returns to the login page. */
export function SignOutButton({ className = "" }: SignOutButtonProps) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: "/login" });
      }}
      className={`rounded border border-slate-700 px-2 py-1 text-xs font-medium text-slate-300 hover:border-slate-500 hover:text-slate-100 disabled:opacity-50 ${className}`}
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
