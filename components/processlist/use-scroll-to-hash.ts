"use client";

import { useEffect, useRef } from "react";

/**
 * Scrolls once to the element the URL's #fragment names, when `ready`: a link from the dashboard
 * (…#replica-activity) lands on its panel even though the live table above it arrives later and
 * pushes it down.
 */
export function useScrollToHash(ready: boolean): void {
  const done = useRef(false);
  useEffect(() => {
    if (!ready || done.current) return;
    done.current = true;
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (id) document.getElementById(id)?.scrollIntoView({ block: "start" });
  }, [ready]);
}
