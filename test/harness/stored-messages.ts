/**
 * The messages the cluster stored, as its own stream leaders tell it and as a dashboard shows and
 * records it: what a test of the report's count compares.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type pg from "pg";
import type { ClusterSnapshot } from "../../lib/model/types";
import { retryTransient } from "./seed";

/**
 * Every stream's last sequence, summed, as the JetStream API (the stream leaders) tells it; a node
 * that just rejoined may make it wait. The names first, then each stream's own info: right after a
 * node restarted, 2.10.27's stream list left out the stream hosted there (R1, still recovering) and
 * listed another one twice in its place (seen: "ORDERS, ORDERS" for "LOGS, ORDERS").
 */
export async function streamsLastSeqTotal(nc: NatsConnection): Promise<number> {
  return Object.values(await streamsLastSeqs(nc)).reduce((sum, seq) => sum + seq, 0);
}

/** Each stream's last sequence, by name, as its leader tells it (see streamsLastSeqTotal). */
export function streamsLastSeqs(nc: NatsConnection): Promise<Record<string, number>> {
  return retryTransient("reading the streams' state", async () => {
    const jsm = await jetstreamManager(nc);
    const names = new Set<string>();
    for await (const name of jsm.streams.names()) names.add(name);
    const seqs: Record<string, number> = {};
    for (const name of [...names].sort()) seqs[name] = (await jsm.streams.info(name)).state.last_seq;
    return seqs;
  });
}

/** The same sum as a dashboard's snapshot shows it, when every stream's leader answered; null otherwise. */
export const shownLastSeqTotal = (s: ClusterSnapshot): number | null =>
  s.streams.every((st) => st.truth === "leader") ? s.streams.reduce((sum, st) => sum + (st.lastSeq ?? 0), 0) : null;

/**
 * Waits until the leader shows `total` messages stored and the store (PostgreSQL, through `db`)
 * holds a poll at least that recent: the report can then count up to `total`.
 */
export async function waitRecorded(total: number, snapshotOf: () => Promise<ClusterSnapshot>, db: pg.Client, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let shown: ClusterSnapshot | null = null;
  for (;;) {
    const s = await snapshotOf();
    if (shownLastSeqTotal(s) === total) {
      shown = s;
      break;
    }
    if (Date.now() > deadline) {
      const streams = s.streams.map((st) => `${st.name}: ${st.lastSeq} from ${st.leader} (${st.truth})`).join(", ");
      throw new Error(`the leader did not show ${total} messages stored within ${timeoutMs} ms: it shows ${shownLastSeqTotal(s)} in its poll of ${s.collectedAt} (seq ${s.seq}): ${streams}`);
    }
    await sleep(100);
  }
  for (;;) {
    const { rows } = await db.query<{ at: string | null }>("SELECT max(at)::text AS at FROM cluster_samples");
    if (Number(rows[0]?.at ?? 0) >= Date.parse(shown.collectedAt)) return;
    if (Date.now() > deadline) throw new Error(`the poll of ${shown.collectedAt} was not in the store within ${timeoutMs} ms`);
    await sleep(100);
  }
}
