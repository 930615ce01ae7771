/**
 * The first paint of a list page. With 1000 streams or 3000 consumers, putting every asset into
 * the HTML made the server serialize and the browser parse and hydrate megabytes before the first
 * row showed. Instead the server renders the rows a browser shows before anyone scrolls, in the
 * page's own filter and order, with the counts and the filter choices; the whole list follows
 * over the live stream a moment later and replaces the preview.
 */

/** More than fill the list tables' first viewport (VirtualTable assumes 720 px of 36 px rows, plus its overscan). */
export const FIRST_PAINT_ROWS = 40;

export interface ListPreview<Row> {
  /** The first rows, filtered and sorted as the page would. */
  rows: Row[];
  /** How many rows the filter matches. */
  matched: number;
  /** How many assets there are. */
  total: number;
}

export function listPreview<Row>(matching: readonly Row[], total: number, limit: number = FIRST_PAINT_ROWS): ListPreview<Row> {
  return { rows: matching.slice(0, limit), matched: matching.length, total };
}
