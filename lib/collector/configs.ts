/**
 * Stream and consumer configs off the hot path. They are about a third of every /jsz answer and
 * change only by an admin's hand, so most polls ask without them and get the configs read last
 * attached here, so the merge sees the same answers as if every poll had asked. A poll asks for
 * them again when they are due (`refreshMs` after the last read), on the poll after one that found
 * new streams or consumers, and at once (the same cycle, polled again) when a poll reports an asset
 * whose config was never read: a new key, or a known name with another creation time (deleted
 * and created again). What is lost is an edit that changes no key; the next refresh shows it.
 *
 * After each poll the book holds exactly the assets that poll reported, so its memory is bounded by
 * the cluster and every asset a snapshot shows as reported has its config from the last read
 * (`readAt`).
 */
import type { ConsumerConfig, ConsumerReport, ReadPoll, StreamConfig, StreamReport } from "../model/reports";

interface Remembered<C> {
  config: C;
  /** The creation times the reports carried (replicas agree; a set, so a disagreement cannot loop). */
  created: (string | undefined)[];
  /** The last poll (the book's count) that reported it. */
  seen: number;
}

/**
 * Visits every stream and consumer report of the polls whose /jsz answered, in order; stops at the
 * first visit that returns false, and says whether it went through.
 */
function everyReport(
  polls: readonly ReadPoll[],
  visitStream: (report: StreamReport) => boolean,
  visitConsumer: (report: ConsumerReport) => boolean,
): boolean {
  for (const poll of polls) {
    if (!poll.reports) continue;
    for (const report of poll.reports.streams) if (!visitStream(report)) return false;
    for (const report of poll.reports.consumers) if (!visitConsumer(report)) return false;
  }
  return true;
}

function reportsOf(polls: readonly ReadPoll[]): { streams: StreamReport[]; consumers: ConsumerReport[] } {
  const streams: StreamReport[] = [];
  const consumers: ConsumerReport[] = [];
  everyReport(
    polls,
    (report) => streams.push(report) > 0,
    (report) => consumers.push(report) > 0,
  );
  return { streams, consumers };
}

/** The book after a poll that asked for configs: every report's config, keyed, with its creation times. */
function read<C>(
  reports: readonly { key: string; config: C | undefined; created: string | undefined }[],
  before: ReadonlyMap<string, Remembered<C>>,
  poll: number,
): Map<string, Remembered<C>> {
  const book = new Map<string, Remembered<C>>();
  for (const report of reports) {
    const entry = book.get(report.key);
    if (entry) {
      if (!entry.created.includes(report.created)) entry.created.push(report.created);
      continue;
    }
    // A server that left it out anyway: keep what was read before, or remember that there is none.
    const config = report.config !== undefined ? report.config : (before.get(report.key)?.config ?? (null as C));
    book.set(report.key, { config, created: [report.created], seen: poll });
  }
  return book;
}

/** Attaches the remembered config to a report without one; false for a config never read. */
function attach<C>(report: { key: string; config: C | undefined | null; created: string | undefined }, book: ReadonlyMap<string, Remembered<C>>, poll: number): boolean {
  const entry = book.get(report.key);
  if (!entry || !entry.created.includes(report.created)) return false;
  if (report.config === undefined || report.config === null) report.config = entry.config;
  entry.seen = poll;
  return true;
}

/** Forgets the assets the poll did not report. */
function keepOnly<C>(book: Map<string, Remembered<C>>, poll: number): void {
  for (const [key, entry] of book) if (entry.seen !== poll) book.delete(key);
}

export type ConfigOutcome = { complete: true; readAt: number | null } | { complete: false };

export class ConfigBook {
  private streams = new Map<string, Remembered<StreamConfig>>();
  private consumers = new Map<string, Remembered<ConsumerConfig>>();
  private readAt: number | null = null;
  private due = 0;
  /** Polls taken, to tell which entries the latest one reported. */
  private polls = 0;

  constructor(private readonly refreshMs: number) {}

  /** When the next poll should ask for configs (epoch ms; 0: the next poll). */
  dueAt(): number {
    return this.due;
  }

  /**
   * Takes a poll's answers: remembers their configs if the poll asked for them (`asked`), else
   * gives every report the config remembered for it. Incomplete when a report's config was never
   * read: the caller then polls again with configs, and the book is left as it was.
   */
  take(polls: readonly ReadPoll[], asked: boolean, at: number): ConfigOutcome {
    const poll = ++this.polls;
    // Nothing was read if no node answered; the next poll asks again.
    if (asked && polls.some((p) => p.reports)) {
      const { streams, consumers } = reportsOf(polls);
      const first = this.readAt === null;
      const nextStreams = read(streams, this.streams, poll);
      const nextConsumers = read(consumers, this.consumers, poll);
      const grew = [...nextStreams.keys()].some((k) => !this.streams.has(k)) || [...nextConsumers.keys()].some((k) => !this.consumers.has(k));
      this.streams = nextStreams;
      this.consumers = nextConsumers;
      this.readAt = at;
      // Assets come and go in bursts (ephemeral consumers): while they do, every poll reads configs
      // as it asks, instead of asking twice.
      this.due = grew && !first ? 0 : at + this.refreshMs;
      return { complete: true, readAt: at };
    }
    if (asked) return { complete: true, readAt: this.readAt };
    // The path of nearly every poll: one walk, no lists; incomplete at the first config never read.
    const attached = everyReport(
      polls,
      (report) => attach(report, this.streams, poll),
      (report) => attach(report, this.consumers, poll),
    );
    if (!attached) return { complete: false };
    keepOnly(this.streams, poll);
    keepOnly(this.consumers, poll);
    return { complete: true, readAt: this.readAt };
  }
}
