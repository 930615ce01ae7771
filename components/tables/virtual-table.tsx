"use client";

import { memo, useEffect, useRef, useState } from "react";
import type { SortDir, SortState } from "@/lib/view/url-state";

export type DataAttributes = { [name: `data-${string}`]: string | number | undefined };

export interface Column<Row, K extends string = string> {
  /** Identifies the column among its siblings. */
  id: string;
  header: React.ReactNode;
  /** Explains the header on hover (units, where the figure comes from). */
  headerTitle?: string;
  /** A CSS width; columns without one share the rest. Widths are fixed so columns never jump while rows scroll in and out. */
  width?: string;
  align?: "left" | "right";
  /** Present on sortable columns. */
  sortKey?: K;
  cell: (row: Row) => React.ReactNode;
  cellAttributes?: (row: Row) => DataAttributes & { title?: string; className?: string };
}

export interface VirtualTableProps<Row, K extends string> {
  /** Accessible name of the table. */
  label: string;
  testId?: string;
  rows: readonly Row[];
  columns: readonly Column<Row, K>[];
  rowKey: (row: Row) => string;
  rowAttributes?: (row: Row) => DataAttributes & { className?: string };
  /** Every row has this height in px; cells truncate their text to keep it. */
  rowHeight?: number;
  /** Height of the scrolling viewport (CSS); a shorter table shrinks to its rows. */
  maxHeight?: string;
  /** Rows rendered beyond each edge of the viewport, so fast scrolling shows no blank band. */
  overscan?: number;
  sort?: SortState<K>;
  onSort?: (key: K) => void;
  onRowClick?: (row: Row) => void;
  selectedKey?: string | null;
  empty?: React.ReactNode;
}

// Before the viewport is measured (server render, first paint), assume a typical desktop height.
const ASSUMED_VIEWPORT_PX = 720;

const ARIA_SORT: Record<SortDir, "ascending" | "descending"> = { asc: "ascending", desc: "descending" };

/**
 * A table that renders only the rows in view (plus an overscan) between two spacer rows, so 3000
 * rows cost what 40 do. Fixed row height keeps the arithmetic exact; the header sticks to the top
 * of the scrolling viewport.
 */
export function VirtualTable<Row, K extends string>({
  label,
  testId,
  rows,
  columns,
  rowKey,
  rowAttributes,
  rowHeight = 36,
  maxHeight = "70vh",
  overscan = 10,
  sort,
  onSort,
  onRowClick,
  selectedKey = null,
  empty,
}: VirtualTableProps<Row, K>) {
  const scroller = useRef<HTMLDivElement>(null);
  const header = useRef<HTMLTableSectionElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportPx, setViewportPx] = useState(ASSUMED_VIEWPORT_PX);
  const [headerPx, setHeaderPx] = useState(rowHeight);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => {
      setViewportPx(el.clientHeight || ASSUMED_VIEWPORT_PX);
      setHeaderPx(header.current?.offsetHeight ?? rowHeight);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [rowHeight]);

  // Browsers fire scroll events at most once per frame, so rendering on each one adds no work;
  // deferring to the next frame would show the spacer for a frame when scrolling fast.
  const onScroll = (e: React.UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop);

  const total = rows.length;
  const bodyTop = Math.max(0, scrollTop - headerPx);
  const first = Math.max(0, Math.floor(bodyTop / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((bodyTop + viewportPx) / rowHeight) + overscan);
  const visible = rows.slice(first, last);

  return (
    <div
      ref={scroller}
      onScroll={onScroll}
      className="overflow-auto rounded-lg border border-slate-200 bg-white shadow-sm"
      // Rows scrolling in and out never change anything outside the viewport: keep layout and paint inside it.
      style={{ maxHeight, contain: "layout paint" }}
    >
      <table aria-label={label} aria-rowcount={total + 1} data-testid={testId} className="w-full table-fixed border-collapse text-sm">
        <colgroup>
          {columns.map((c) => (
            <col key={c.id} style={{ width: c.width }} />
          ))}
        </colgroup>
        <thead ref={header}>
          <tr aria-rowindex={1}>
            {columns.map((c) => (
              <HeaderCell key={c.id} column={c} sort={sort} onSort={onSort} />
            ))}
          </tr>
        </thead>
        <tbody>
          {total === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-8 text-center text-slate-500">
                {empty ?? "Nothing to show"}
              </td>
            </tr>
          ) : (
            <>
              <Spacer height={first * rowHeight} span={columns.length} />
              {visible.map((row, i) => {
                const key = rowKey(row);
                return (
                  <VirtualRow
                    key={key}
                    row={row}
                    index={first + i}
                    columns={columns}
                    height={rowHeight}
                    selected={key === selectedKey}
                    attributes={rowAttributes}
                    onClick={onRowClick}
                  />
                );
              })}
              <Spacer height={(total - last) * rowHeight} span={columns.length} />
            </>
          )}
        </tbody>
      </table>
    </div>
  );
}

function HeaderCell<Row, K extends string>({ column, sort, onSort }: { column: Column<Row, K>; sort?: SortState<K>; onSort?: (key: K) => void }) {
  const sortKey = column.sortKey;
  const active = sortKey !== undefined && sort?.key === sortKey;
  const alignment = column.align === "right" ? "text-right" : "text-left";
  return (
    <th
      scope="col"
      title={column.headerTitle}
      aria-sort={active && sort ? ARIA_SORT[sort.dir] : undefined}
      className={`sticky top-0 z-10 border-b border-slate-200 bg-slate-50 px-1.5 py-2 text-xs font-medium text-slate-600 ${alignment}`}
    >
      {sortKey !== undefined && onSort ? (
        <button
          type="button"
          onClick={() => onSort(sortKey)}
          className={`inline-flex max-w-full items-center gap-1 truncate hover:text-slate-950 ${active ? "font-semibold text-slate-950" : ""}`}
        >
          <span className="truncate">{column.header}</span>
          <span aria-hidden className="w-2 shrink-0">
            {active ? (sort?.dir === "asc" ? "▲" : "▼") : ""}
          </span>
        </button>
      ) : (
        <span className="block truncate">{column.header}</span>
      )}
    </th>
  );
}

function Spacer({ height, span }: { height: number; span: number }) {
  if (height <= 0) return null;
  return (
    <tr aria-hidden style={{ height }}>
      <td colSpan={span} className="p-0" />
    </tr>
  );
}

interface RowProps<Row, K extends string> {
  row: Row;
  index: number;
  columns: readonly Column<Row, K>[];
  height: number;
  selected: boolean;
  attributes?: (row: Row) => DataAttributes & { className?: string };
  onClick?: (row: Row) => void;
}

function RowImpl<Row, K extends string>({ row, index, columns, height, selected, attributes, onClick }: RowProps<Row, K>) {
  const { className: rowClass, ...rowData } = attributes?.(row) ?? {};
  return (
    <tr
      aria-rowindex={index + 2}
      data-selected={selected || undefined}
      onClick={onClick ? () => onClick(row) : undefined}
      style={{ height }}
      className={`border-b border-slate-100 ${selected ? "bg-sky-50" : "hover:bg-slate-50"} ${onClick ? "cursor-pointer" : ""} ${rowClass ?? ""}`}
      {...rowData}
    >
      {columns.map((c) => {
        const { className: cellClass, ...cellData } = c.cellAttributes?.(row) ?? {};
        return (
          <td key={c.id} className={`truncate px-1.5 ${c.align === "right" ? "text-right tabular-nums" : ""} ${cellClass ?? ""}`} {...cellData}>
            {c.cell(row)}
          </td>
        );
      })}
    </tr>
  );
}

// Unchanged rows (same object from the delta merge, same columns) skip rendering on each update.
const VirtualRow = memo(RowImpl) as typeof RowImpl;
