import type { HTMLAttributes } from "react";

export interface CardProps extends HTMLAttributes<HTMLElement> {
  /** No inner padding, for a table or list that runs edge to edge (a "p-0" class would lose to "p-3"). */
  flush?: boolean;
}

/** A bordered panel; the left border colour is set by the caller to carry state. */
export function Card({ className = "", flush = false, children, ...rest }: CardProps) {
  return (
    <section className={`rounded-lg border border-slate-800 bg-slate-900/70 shadow-sm ${flush ? "" : "p-3"} ${className}`} {...rest}>
      {children}
    </section>
  );
}
