"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export interface NavLink {
  href: string;
  label: string;
}

export interface NavLinksProps {
  links: readonly NavLink[];
  label: string;
}

/** A row of links with the current page marked for sight and for screen readers. */
export function NavLinks({ links, label }: NavLinksProps) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className="-mx-1 flex min-w-0 items-center gap-1 overflow-x-auto text-sm">
      {links.map(({ href, label: text }) => {
        const current = href === "/" ? pathname === "/" : pathname.startsWith(href);
        return (
          <Link
            key={href}
            href={href}
            aria-current={current ? "page" : undefined}
            className={`rounded px-2 py-1 whitespace-nowrap ${current ? "bg-slate-800 text-white" : "text-slate-400 hover:bg-slate-800/60 hover:text-slate-100"}`}
          >
            {text}
          </Link>
        );
      })}
    </nav>
  );
}
