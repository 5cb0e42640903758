"use client";

import { useEffect, useRef, useState } from "react";

export interface ClampedCodeProps {
  text: string;
  /** Test id of the block; the toggle gets the same id with "-toggle". */
  testId?: string;
  className?: string;
}

/**
 * Monospace text clamped to three lines, with a "show all" toggle when it is longer. The toggle
 * appears only when the text really overflows, measured after layout (so a hidden copy, or a
 * short statement, never offers one).
 */
export function ClampedCode({ text, testId, className = "" }: ClampedCodeProps) {
  const ref = useRef<HTMLElement>(null);
  const [expanded, setExpanded] = useState(false);
  const [overflows, setOverflows] = useState(false);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setOverflows(expanded || el.scrollHeight > el.clientHeight + 1);
    measure();
    // Width changes (rotation, the hidden variant becoming the shown one) change the wrapping.
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [text, expanded]);

  return (
    <div className={className}>
      <code
        ref={ref}
        data-testid={testId}
        className={`rounded border border-slate-800 bg-slate-950 px-2 py-1 font-mono text-xs break-all whitespace-pre-wrap text-slate-200 ${expanded ? "block" : "line-clamp-3"}`}
      >
        {text}
      </code>
      {overflows && (
        <button
          type="button"
          onClick={() => setExpanded((v) => !v)}
          aria-expanded={expanded}
          data-testid={testId ? `${testId}-toggle` : undefined}
          className="mt-0.5 text-xs text-sky-300 hover:underline"
        >
          {expanded ? "show less" : "show all"}
        </button>
      )}
    </div>
  );
}
