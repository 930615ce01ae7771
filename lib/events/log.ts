/**
 * The recent events of one cluster, newest last, bounded in count. A change seen by polling is not
 * recorded again when an advisory already reported it.
 */
import type { ClusterEvent } from "../model/types";
import type { NewEvent } from "./diff";

const DUPLICATE_WINDOW_MS = 60_000;

function sameHappening(a: NewEvent, b: NewEvent): boolean {
  return (
    a.kind === b.kind &&
    a.account === b.account &&
    a.stream === b.stream &&
    a.consumer === b.consumer &&
    a.toLeader === b.toLeader &&
    a.server === b.server &&
    Math.abs(Date.parse(a.at) - Date.parse(b.at)) <= DUPLICATE_WINDOW_MS
  );
}

export class EventLog {
  private readonly events: ClusterEvent[] = [];
  private next = 1;

  constructor(private readonly capacity: number) {}

  /** Records the event unless it repeats one already heard as an advisory; returns the stored event or null. */
  add(event: NewEvent): ClusterEvent | null {
    if (event.source === "poll" && this.events.some((e) => e.source === "advisory" && sameHappening(e, event))) return null;
    const stored: ClusterEvent = { ...event, id: `${Date.now().toString(36)}-${this.next++}` };
    this.events.push(stored);
    if (this.events.length > this.capacity) this.events.splice(0, this.events.length - this.capacity);
    return stored;
  }

  /** Newest first. */
  list(limit = this.capacity): ClusterEvent[] {
    return this.events.slice(-limit).reverse();
  }
}
