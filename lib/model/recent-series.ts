/**
 * Recent history of many assets at one shared time step, in fixed-size typed-array rings: the
 * memory cost is fields × capacity × 8 bytes per asset, whatever the churn. A missing value (an
 * asset not seen in a sample, or a null figure) is stored as NaN and read back as null, so charts
 * show gaps as gaps.
 */
export interface SeriesPoint<F extends string> {
  at: number;
  values: Record<F, number | null>;
}

export class RecentSeries<F extends string> {
  private readonly times: Float64Array;
  private readonly series = new Map<string, { values: Float64Array; lastSlotCount: number }>();
  private head = 0;
  private count = 0;
  /** How many samples were ever recorded; lets us drop assets unseen for a whole window. */
  private recorded = 0;

  constructor(
    readonly fields: readonly F[],
    readonly capacity: number,
  ) {
    this.times = new Float64Array(capacity);
  }

  get size(): number {
    return this.series.size;
  }

  record(at: number, rows: Iterable<[string, Partial<Record<F, number | null>>]>): void {
    const slot = this.head;
    const width = this.fields.length;
    this.times[slot] = at;
    this.recorded += 1;
    for (const [key, row] of rows) {
      let entry = this.series.get(key);
      if (!entry) {
        entry = { values: new Float64Array(this.capacity * width).fill(Number.NaN), lastSlotCount: 0 };
        this.series.set(key, entry);
      }
      for (let f = 0; f < width; f++) {
        const v = row[this.fields[f]];
        entry.values[slot * width + f] = v === null || v === undefined ? Number.NaN : v;
      }
      entry.lastSlotCount = this.recorded;
    }
    // Called with thousands of assets on the server's main thread: "seen now" is a counter, not a Set.
    for (const [key, entry] of this.series) {
      if (entry.lastSlotCount === this.recorded) continue;
      if (this.recorded - entry.lastSlotCount >= this.capacity) this.series.delete(key);
      else entry.values.fill(Number.NaN, slot * width, slot * width + width);
    }
    this.head = (slot + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** Oldest first; null for an unknown key. */
  read(key: string): SeriesPoint<F>[] | null {
    const entry = this.series.get(key);
    if (!entry) return null;
    const width = this.fields.length;
    const out: SeriesPoint<F>[] = [];
    for (let i = 0; i < this.count; i++) {
      const slot = (this.head - this.count + i + this.capacity) % this.capacity;
      const values = {} as Record<F, number | null>;
      this.fields.forEach((field, f) => {
        const v = entry.values[slot * width + f];
        values[field] = Number.isNaN(v) ? null : v;
      });
      out.push({ at: this.times[slot], values });
    }
    return out;
  }

  keys(): IterableIterator<string> {
    return this.series.keys();
  }
}
