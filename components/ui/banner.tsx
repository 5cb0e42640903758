import type { HTMLAttributes } from "react";
import type { Tone } from "./badge";

const BANNER_CLASSES: Record<Tone, string> = {
  neutral: "border-slate-700 bg-slate-900 text-slate-200",
  ok: "border-emerald-700 bg-emerald-950/70 text-emerald-200",
  warn: "border-amber-600 bg-amber-950/70 text-amber-100",
  danger: "border-red-600 bg-red-950/80 text-red-100",
  info: "border-sky-700 bg-sky-950/70 text-sky-100",
  accent: "border-violet-600 bg-violet-950/70 text-violet-100",
};

export interface BannerProps extends HTMLAttributes<HTMLDivElement> {
  tone?: Tone;
}

/** A full-width message; danger banners are announced to screen readers at once. */
export function Banner({ tone = "neutral", className = "", children, ...rest }: BannerProps) {
  return (
    <div
      role={tone === "danger" || tone === "warn" ? "alert" : "status"}
      className={`rounded-md border px-3 py-2 text-sm ${BANNER_CLASSES[tone]} ${className}`}
      {...rest}
    >
      {children}
    </div>
  );
}
