"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  confirmLabel: string;
  /** "danger" for what takes the site down */
  tone?: "danger" | "neutral";
  pending?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
  children?: ReactNode;
}

/** A modal confirmation on the native <dialog>: focus trapped, Escape cancels. */
export function ConfirmDialog({ open, title, confirmLabel, tone = "neutral", pending, error, onConfirm, onCancel, children }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        if (!pending) onCancel();
      }}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-slate-700 bg-slate-900 p-4 text-slate-100 backdrop:bg-black/60"
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
        className="space-y-3"
      >
        <h2 id={titleId} className="text-base font-semibold">
          {title}
        </h2>
        {children}
        <FormError>{error}</FormError>
        <div className="flex justify-end gap-2 pt-1">
          <Button onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" variant={tone === "danger" ? "warn" : "primary"} disabled={pending}>
            {pending ? "Working…" : confirmLabel}
          </Button>
        </div>
      </form>
    </dialog>
  );
}
