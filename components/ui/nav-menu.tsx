"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { isCurrentPage, type NavLink } from "./nav-links";

export interface NavMenuProps {
  /** the moves of the on-call story, listed first with large targets */
  links: readonly NavLink[];
  /** every other page, under "More" */
  more: readonly NavLink[];
  label: string;
}

function MenuLink({ link, pathname, onPick, className }: { link: NavLink; pathname: string; onPick: () => void; className: string }) {
  const current = isCurrentPage(link.href, pathname);
  return (
    <li>
      <Link
        href={link.href}
        aria-current={current ? "page" : undefined}
        onClick={onPick}
        className={`block rounded ${className} ${current ? "bg-slate-800 font-semibold text-white" : "text-slate-200 hover:bg-slate-800/60"}`}
      >
        {link.label}
      </Link>
    </li>
  );
}

/**
 * The phone's navigation: one button that opens every page, the story's moves first. A disclosure
 * (button with aria-expanded, links in document order after it), closed by Escape, a tap outside,
 * picking a link or any change of page.
 */
export function NavMenu({ links, more, label }: NavMenuProps) {
  const pathname = usePathname();
  // The page the menu was opened on: going to another page (a link, Back) closes it by itself.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const close = () => setOpenOn(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpenOn(null);
      buttonRef.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panelRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpenOn(null);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpenOn(open ? null : pathname)}
        className="inline-flex items-center gap-1.5 rounded border border-slate-600 px-2.5 py-1 text-sm text-slate-100 hover:border-slate-400"
        data-testid="nav-menu-button"
      >
        <span aria-hidden="true">{open ? "✕" : "☰"}</span>
        Menu
      </button>
      {/* Placed under the whole header (the sticky header is its containing block). */}
      <div
        ref={panelRef}
        id={panelId}
        hidden={!open}
        className="absolute inset-x-0 top-full max-h-[calc(100dvh-4rem)] overflow-y-auto border-b border-slate-800 bg-slate-950 px-3 py-2 shadow-xl"
        data-testid="nav-menu"
      >
        <nav aria-label={label}>
          <ul className="space-y-0.5">
            {links.map((link) => (
              <MenuLink key={link.href} link={link} pathname={pathname} onPick={close} className="px-3 py-2.5 text-base" />
            ))}
          </ul>
          <h2 className="mt-2 border-t border-slate-800 px-3 pt-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">More</h2>
          <ul className="grid grid-cols-2 gap-0.5">
            {more.map((link) => (
              <MenuLink key={link.href} link={link} pathname={pathname} onPick={close} className="px-3 py-2 text-sm" />
            ))}
          </ul>
        </nav>
      </div>
    </>
  );
}
