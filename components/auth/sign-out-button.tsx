"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

export interface SignOutButtonProps {
  className?: string;
}

/** Ends the session (next-auth posts with its own CSRF token) and returns to the login page. */
export function SignOutButton({ className = "" }: SignOutButtonProps) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      size="sm"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: "/login" });
      }}
      className={className}
    >
      {pending ? "Signing out…" : "Sign out"}
    </Button>
  );
}
