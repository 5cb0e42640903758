import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

/** Every text box, text area and select of the console looks the same. */
const FIELD = "rounded border border-slate-700 bg-slate-950 px-2 py-1.5 text-sm text-slate-100 placeholder:text-slate-500 focus:border-sky-500 focus:outline-none";

export function Input({ className = "", ...rest }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={`${FIELD} ${className}`} {...rest} />;
}

export function Textarea({ className = "", ...rest }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className={`${FIELD} ${className}`} {...rest} />;
}

export function Select({ className = "", ...rest }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={`${FIELD} ${className}`} {...rest} />;
}

export interface FieldProps {
  label: ReactNode;
  children: ReactNode;
  className?: string;
}

/** A labelled control: the label above, the control (Input, Textarea, Select) below it. */
export function Field({ label, children, className = "" }: FieldProps) {
  return (
    <label className={`flex flex-col gap-1 text-xs text-slate-400 ${className}`}>
      {label}
      {children}
    </label>
  );
}

/** A failed action's message, read out by screen readers; nothing when there is none. */
export function FormError({ children, className = "" }: { children: ReactNode; className?: string }) {
  if (!children) return null;
  return (
    <p role="alert" className={`text-sm text-red-300 ${className}`}>
      {children}
    </p>
  );
}
