import Image from "next/image";
import Link from "next/link";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/ui/nav-links";
import { UserMenu } from "@/components/auth/user-menu";
import { MaintenanceBanner } from "@/components/maintenance/maintenance-banner";

const CONSOLE_LINKS = [
  { href: "/", label: "Dashboard" },
  { href: "/processlist", label: "Processlist" },
  { href: "/maintenance", label: "Maintenance" },
  { href: "/failover", label: "Failover" },
  { href: "/incidents", label: "Incidents" },
  { href: "/timeline", label: "Timeline" },
  { href: "/alerts", label: "Alerts" },
  { href: "/runbooks", label: "Runbooks" },
  { href: "/audit", label: "Audit" },
  { href: "/status", label: "Status" },
] as const;

/** The signed-in console: a compact header (brand, nav, user) over the page. */
export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-10 border-b border-slate-800 bg-slate-950/95 backdrop-blur">
        <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2 sm:px-4">
          <Link href="/" className="flex items-center gap-1.5 font-bold text-slate-50">
            <Image src="/logo.svg" alt="" width={22} height={22} priority />
            Hot Seat
          </Link>
          <div className="order-3 w-full sm:order-2 sm:w-auto sm:flex-1">
            <NavLinks links={CONSOLE_LINKS} label="Main" />
          </div>
          <div className="order-2 ml-auto sm:order-3">
            <UserMenu />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-screen-2xl px-3 py-3 sm:px-4">
        <MaintenanceBanner />
        {children}
      </main>
    </div>
  );
}
