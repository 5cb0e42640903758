import type { HTMLAttributes } from "react";

export type Tone = "neutral" | "ok" | "warn" | "danger" | "info" | "accent";

const TONE_CLASSES: Record<Tone, string> = {
  neutral: "border-slate-600 bg-slate-800 text-slate-200",
  ok: "border-emerald-700 bg-emerald-950 text-emerald-300",
  warn: "border-amber-600 bg-amber-950 text-amber-300",
  danger: "border-red-600 bg-red-950 text-red-300",
  info: "border-sky-700 bg-sky-950 text-sky-300",
  accent: "border-violet-500 bg-violet-950 text-violet-200",
};

export interface BadgeProps extends HTMLAttributes<HTMLSpanElement> {
  tone?: Tone;
}

/** A small label. Colour is never the only signal: the text always says the state. */
export function Badge({ tone = "neutral", className = "", children, ...rest }: BadgeProps) {
  return (
    <span
      className={`inline-flex items-center gap-1 rounded border px-1.5 py-0.5 text-xs font-semibold uppercase tracking-wide whitespace-nowrap ${TONE_CLASSES[tone]} ${className}`}
      {...rest}
    >
      {children}
    </span>
  );
}
