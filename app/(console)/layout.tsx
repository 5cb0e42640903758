import Image from "next/image";
import Link from "next/link";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/ui/nav-links";
import { NavMenu } from "@/components/ui/nav-menu";
import { UserMenu } from "@/components/auth/user-menu";
import { MaintenanceBanner } from "@/components/maintenance/maintenance-banner";

const CONSOLE_LINKS = [
  { href: "/", label: "Dashboard" },
  { href: "/topology", label: "Topology" },
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

/** On a phone the menu lists the moves of the on-call story first, the rest under "More". */
const STORY_HREFS: readonly string[] = ["/", "/processlist", "/maintenance", "/failover", "/status"];
const STORY_LINKS = STORY_HREFS.map((href) => CONSOLE_LINKS.find((l) => l.href === href)!);
const MORE_LINKS = CONSOLE_LINKS.filter((l) => !STORY_HREFS.includes(l.href));

/**
 * The signed-in console: a compact header (brand, nav, user) over the page. From 1024 px every tab
 * shows (on a row of its own until 1280 px); narrower, a menu button opens them.
 */
export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-10 border-b border-slate-800 bg-slate-950/95 backdrop-blur">
        <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 sm:gap-x-4 sm:px-4">
          <Link href="/" className="flex items-center gap-1.5 font-bold text-slate-50">
            <Image src="/logo.svg" alt="" width={22} height={22} priority />
            {/* On a phone the logo alone, so that brand, user and menu share one row. */}
            <span className="sr-only sm:not-sr-only">Hot Seat</span>
          </Link>
          <div className="order-4 hidden w-full lg:block xl:order-2 xl:w-auto xl:flex-1">
            <NavLinks links={CONSOLE_LINKS} label="Main" />
          </div>
          <div className="order-2 ml-auto min-w-0 xl:order-3">
            <UserMenu />
          </div>
          <div className="order-3 lg:hidden">
            <NavMenu links={STORY_LINKS} more={MORE_LINKS} label="Main" />
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
