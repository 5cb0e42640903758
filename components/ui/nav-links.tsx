"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

export interface NavLink {
  href: string;
  label: string;
}

/** Whether a link is the page shown (or a page under it: /incidents/3 is under Incidents). */
export function isCurrentPage(href: string, pathname: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export interface NavLinksProps {
  links: readonly NavLink[];
  label: string;
}

/**
 * A row of links with the current page marked for sight and for screen readers. On a phone the
 * row scrolls sideways: its right edge fades to say there is more, and the current page's link is
 * scrolled into view (the row only, never the page).
 */
export function NavLinks({ links, label }: NavLinksProps) {
  const pathname = usePathname();
  const navRef = useRef<HTMLElement>(null);

  useEffect(() => {
    const nav = navRef.current;
    const current = nav?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!nav || !current || nav.scrollWidth <= nav.clientWidth) return;
    const row = nav.getBoundingClientRect();
    const link = current.getBoundingClientRect();
    // Centre it when it is cut off or under the fade; leave the row alone when it shows already.
    if (link.left < row.left || link.right > row.right - 24) nav.scrollLeft += link.left + link.width / 2 - (row.left + row.width / 2);
  }, [pathname]);

  return (
    <nav
      ref={navRef}
      aria-label={label}
      className="-mx-1 flex min-w-0 items-center gap-1 overflow-x-auto pr-6 text-sm [mask-image:linear-gradient(to_right,black_calc(100%_-_1.5rem),transparent)] sm:pr-0 sm:[mask-image:none]"
    >
      {links.map(({ href, label: text }) => {
        const current = isCurrentPage(href, pathname);
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
