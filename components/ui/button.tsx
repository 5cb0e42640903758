import type { ButtonHTMLAttributes } from "react";

/** What pressing it does: the colour says so, the label always says it in words too. */
export type ButtonVariant = "primary" | "secondary" | "warn" | "ok" | "danger";

const VARIANT_CLASSES: Record<ButtonVariant, string> = {
  /** the page's main action */
  primary: "bg-sky-700 font-semibold text-white hover:bg-sky-600",
  /** the other actions: cancel, edit, pin */
  secondary: "border border-slate-600 text-slate-200 hover:border-slate-400",
  /** takes the site or the public page out of normal (maintenance on, open an incident) */
  warn: "bg-amber-600 font-semibold text-slate-950 hover:bg-amber-500",
  /** brings it back */
  ok: "bg-emerald-600 font-semibold text-white hover:bg-emerald-500",
  /** cannot be undone (kill, failover) */
  danger: "bg-red-700 font-semibold text-white hover:bg-red-600",
};

const SIZE_CLASSES = { sm: "px-2 py-0.5 text-xs", md: "px-3 py-1.5 text-sm" } as const;

/** The classes of a button, for a link that looks like one (a download, another page). */
export function buttonClasses(variant: ButtonVariant = "secondary", size: keyof typeof SIZE_CLASSES = "md", className = ""): string {
  return `inline-flex items-center justify-center gap-1 rounded disabled:cursor-not-allowed disabled:opacity-50 ${VARIANT_CLASSES[variant]} ${SIZE_CLASSES[size]} ${className}`;
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: keyof typeof SIZE_CLASSES;
}

/** A button; `type="button"` unless told otherwise, so that one inside a form never submits it by accident. */
export function Button({ variant = "secondary", size = "md", className = "", type = "button", ...rest }: ButtonProps) {
  return <button type={type} className={buttonClasses(variant, size, className)} {...rest} />;
}
