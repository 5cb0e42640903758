import Link from "next/link";
import { currentCaller } from "@/lib/auth/server";
import { RoleBadge } from "./role-badge";
import { SignOutButton } from "./sign-out-button";

/**
 * Who is signed in, their role, and sign-out. A Server Component: it reads the session cookie
 * itself, so it needs no SessionProvider; place it in a server layout, not inside a client component.
 */
export async function UserMenu() {
  const caller = await currentCaller();
  if (!caller) {
    return (
      <Link href="/login" className="text-sm text-sky-300 hover:underline">
        Sign in
      </Link>
    );
  }
  return (
    <div className="flex items-center gap-2 text-sm" data-testid="user-menu">
      <span className="font-medium text-slate-100" data-testid="user-name">
        {caller.name}
      </span>
      <RoleBadge role={caller.role} />
      <SignOutButton />
    </div>
  );
}
