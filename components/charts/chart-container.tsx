"use client";

import { ResponsiveContainer } from "recharts";

/**
 * The one frame every chart sits in: a title, a fixed height, an empty state (also used for
 * loading and errors), a notice for data shown that is no longer fresh, and a footer for what the
 * points stand for.
 */
export function ChartContainer({
  title,
  subtitle,
  height = 220,
  empty,
  notice,
  testId,
  footer,
  children,
}: {
  title: string;
  subtitle?: string;
  height?: number;
  empty?: React.ReactNode;
  notice?: string | null;
  testId?: string;
  footer?: React.ReactNode;
  children: React.ReactElement;
}) {
  return (
    <figure data-testid={testId} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <figcaption className="mb-2">
        <span className="font-semibold">{title}</span>
        {subtitle && <span className="ml-2 text-xs text-slate-500">{subtitle}</span>}
        {notice && (
          <span role="status" className="mt-1 block text-xs font-medium text-amber-800">
            {notice}
          </span>
        )}
      </figcaption>
      <div style={{ height }}>
        {empty ? (
          <div data-testid="chart-empty" className="flex h-full items-center justify-center px-4 text-center text-sm text-slate-500">
            {empty}
          </div>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        )}
      </div>
      {footer && <div className="mt-2 space-y-0.5 text-xs text-slate-500">{footer}</div>}
    </figure>
  );
}
