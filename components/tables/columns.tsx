import { LeaderLabel } from "@/components/status/leader-label";
import { AppLink } from "@/components/ui/app-link";
import type { AssetTruth } from "@/lib/model/types";
import type { SortState } from "@/lib/view/url-state";
import type { Column } from "./virtual-table";

/** What a list page hands its sortable table of one cluster's assets. */
export interface ListTableProps<Row, K extends string> {
  cluster: string;
  rows: Row[];
  sort: SortState<K>;
  onSort: (key: K) => void;
  /** Shown instead of rows: why there are none. */
  empty: string;
}

/**
 * A column of names that link to their pages. Cells truncate to the column's width, so the whole
 * name shows on hover; `strong` marks the table's own subject (the stream in the streams table).
 */
export function linkColumn<Row, K extends string = string>({
  id,
  header,
  sortKey,
  width,
  text,
  href,
  strong = false,
}: {
  id: string;
  header: string;
  sortKey?: K;
  width?: string;
  text: (row: Row) => string;
  href: (row: Row) => string;
  strong?: boolean;
}): Column<Row, K> {
  return {
    id,
    header,
    sortKey,
    width,
    cell: (row) => (
      <AppLink href={href(row)} className={strong ? "font-medium text-sky-800 hover:underline" : "hover:underline"}>
        {text(row)}
      </AppLink>
    ),
    cellAttributes: (row) => ({ title: text(row) }),
  };
}

/** Where a stream's or consumer's leader is, or why there is none to trust (the note on hover). */
export function leaderColumn<Row extends { leader: string | null; truth: AssetTruth; truthNote: string | null }, K extends string = string>({
  sortKey,
  width,
  testId,
}: {
  sortKey?: K;
  width: string;
  testId?: string;
}): Column<Row, K> {
  return {
    id: "leader",
    header: "Leader",
    sortKey,
    width,
    cell: (row) => <LeaderLabel leader={row.leader} truth={row.truth} truthNote={row.truthNote} compact />,
    cellAttributes: (row) => ({ ...(testId ? { "data-testid": testId } : {}), title: row.truthNote ?? undefined }),
  };
}
