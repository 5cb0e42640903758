import type { HTMLAttributes } from "react";

export type CardProps = HTMLAttributes<HTMLElement>;

/** A bordered panel; the left border colour is set by the caller to carry state. */
export function Card({ className = "", children, ...rest }: CardProps) {
  return (
    <section className={`rounded-lg border border-slate-800 bg-slate-900/70 p-3 shadow-sm ${className}`} {...rest}>
      {children}
    </section>
  );
}
