/**
 * A plain table for short lists (nodes, accounts, alerts, events): every row rendered. Long lists
 * of streams and consumers use components/tables/virtual-table.tsx instead.
 */

type Align = "left" | "right";
type CellProps = { align?: Align; className?: string; children?: React.ReactNode; title?: string } & { [attribute: `data-${string}`]: string | number | undefined };

const alignClass = (align: Align | undefined) => (align === "right" ? "text-right tabular-nums" : "");

export function Table({ testId, label, children }: { testId?: string; label?: string; children: React.ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table data-testid={testId} aria-label={label} className="w-full text-sm">
        {children}
      </table>
    </div>
  );
}

/** The header row; its cells are `Th`. */
export function TableHead({ children }: { children: React.ReactNode }) {
  return (
    <thead className="bg-slate-50 text-left text-xs text-slate-500">
      <tr>{children}</tr>
    </thead>
  );
}

export function Th({ align, className = "", children, title }: Omit<CellProps, `data-${string}`>) {
  return (
    <th title={title} className={`px-3 py-2 font-medium ${alignClass(align)} ${className}`}>
      {children}
    </th>
  );
}

export function Tr({ className = "", children, ...data }: { className?: string; children: React.ReactNode } & { [attribute: `data-${string}`]: string | number | undefined }) {
  return (
    <tr className={`border-t border-slate-100 ${className}`} {...data}>
      {children}
    </tr>
  );
}

/** A cell; right-aligned cells hold figures and line their digits up. */
export function Td({ align, className = "", children, ...rest }: CellProps) {
  return (
    <td className={`px-3 py-1.5 ${alignClass(align)} ${className}`} {...rest}>
      {children}
    </td>
  );
}
