"use client";

import { useEffect, useState } from "react";

/** The current time, re-rendered every `intervalMs`, so "N s old" keeps counting with no fetch. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
