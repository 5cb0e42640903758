import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from "react";

/** A data table: full width, left-aligned, small text; rows separated by a rule. */
export function Table({ className = "", ...rest }: HTMLAttributes<HTMLTableElement>) {
  return <table className={`w-full text-left text-sm ${className}`} {...rest} />;
}

/** The header row: muted, small, not bold (the data is what matters). */
export function TableHead({ className = "", children, ...rest }: HTMLAttributes<HTMLTableSectionElement>) {
  return (
    <thead className={`text-xs text-slate-400 ${className}`} {...rest}>
      <tr>{children}</tr>
    </thead>
  );
}

export function Th({ className = "", ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th className={`px-2 py-1 font-normal ${className}`} {...rest} />;
}

export function Tr({ className = "", ...rest }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={`border-t border-slate-800 ${className}`} {...rest} />;
}

export function Td({ className = "", ...rest }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={`px-2 py-1 ${className}`} {...rest} />;
}
