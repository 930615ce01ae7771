/**
 * One collector cycle's result for viewers. The JSON of the snapshot and of the delta is made at
 * most once per kind of viewer (which asset lists it wants), however many viewers there are.
 */
import { deltaJson, snapshotJson, type SerializedAssets, type SnapshotDelta, type SnapshotInclude } from "./delta";
import { troubleSnapshot } from "./trouble";
import type { ClusterSnapshot } from "./types";

export class CycleUpdate {
  private readonly json = new Map<string, string>();

  constructor(
    readonly snapshot: ClusterSnapshot,
    readonly delta: SnapshotDelta | null,
    private readonly assets: SerializedAssets,
  ) {}

  snapshotJson(include: SnapshotInclude): string {
    if (include.trouble) return this.memo("t", () => JSON.stringify(troubleSnapshot(this.snapshot)));
    return this.memo(`s${+include.streams}${+include.consumers}`, () => snapshotJson(this.snapshot, this.assets, include));
  }

  /** null on the first cycle, when there is nothing to be a delta of. */
  deltaJson(include: SnapshotInclude): string | null {
    const delta = this.delta;
    if (!delta || include.trouble) return null;
    return this.memo(`d${+include.streams}${+include.consumers}`, () => deltaJson(delta, this.assets, include));
  }

  private memo(key: string, make: () => string): string {
    let value = this.json.get(key);
    if (value === undefined) {
      value = make();
      this.json.set(key, value);
    }
    return value;
  }
}
