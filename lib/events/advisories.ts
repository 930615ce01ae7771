/**
 * Live events pushed by the servers to the system account: JetStream leader elections and lost
 * quorums (the system account receives a copy with the account named), servers running out of
 * storage, server shutdown / lame-duck, and client disconnects whose reason is a slow consumer.
 * Max-deliveries advisories go only to the asset's own account, so they are not heard here.
 */
import "server-only";
import type { NatsConnection, Subscription } from "@nats-io/transport-node";
import { blankEvent, type NewEvent } from "./diff";

export const ADVISORY_SUBJECTS = [
  "$JS.EVENT.ADVISORY.STREAM.LEADER_ELECTED.>",
  "$JS.EVENT.ADVISORY.STREAM.QUORUM_LOST.>",
  "$JS.EVENT.ADVISORY.CONSUMER.LEADER_ELECTED.>",
  "$JS.EVENT.ADVISORY.CONSUMER.QUORUM_LOST.>",
  "$JS.EVENT.ADVISORY.SERVER.OUT_OF_STORAGE",
  "$SYS.SERVER.*.SHUTDOWN",
  "$SYS.SERVER.*.LAMEDUCK",
  "$SYS.ACCOUNT.*.DISCONNECT",
] as const;

interface AdvisoryPayload {
  type?: string;
  timestamp?: string;
  time?: string;
  account?: string;
  stream?: string;
  consumer?: string;
  leader?: string;
  server?: string | { name?: string };
  name?: string;
  reason?: string;
  client?: { acc?: string; name?: string; host?: string; id?: number };
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** Turns one message into an event, or null for messages that are not about anything we show. */
export function advisoryEvent(subject: string, payload: AdvisoryPayload, receivedAt: Date): NewEvent | null {
  const at = str(payload.timestamp) ?? str(payload.time) ?? receivedAt.toISOString();
  const base = (kind: Parameters<typeof blankEvent>[0]) => {
    const e = blankEvent(kind, at, "advisory");
    e.account = str(payload.account);
    e.stream = str(payload.stream);
    e.consumer = str(payload.consumer);
    return e;
  };
  if (subject.startsWith("$JS.EVENT.ADVISORY.STREAM.LEADER_ELECTED.")) {
    const e = base("stream-leader-elected");
    e.toLeader = str(payload.leader);
    e.detail = `${e.stream}: new leader ${e.toLeader}`;
    return e;
  }
  if (subject.startsWith("$JS.EVENT.ADVISORY.CONSUMER.LEADER_ELECTED.")) {
    const e = base("consumer-leader-elected");
    e.toLeader = str(payload.leader);
    e.detail = `${e.stream} > ${e.consumer}: new leader ${e.toLeader}`;
    return e;
  }
  if (subject.startsWith("$JS.EVENT.ADVISORY.STREAM.QUORUM_LOST.")) {
    const e = base("stream-quorum-lost");
    e.detail = `${e.stream}: quorum lost`;
    return e;
  }
  if (subject.startsWith("$JS.EVENT.ADVISORY.CONSUMER.QUORUM_LOST.")) {
    const e = base("consumer-quorum-lost");
    e.detail = `${e.stream} > ${e.consumer}: quorum lost`;
    return e;
  }
  if (subject === "$JS.EVENT.ADVISORY.SERVER.OUT_OF_STORAGE") {
    const e = base("server-out-of-storage");
    e.server = typeof payload.server === "string" ? payload.server : null;
    e.detail = `${e.server ?? "a server"} is out of JetStream storage${e.stream ? ` (stream ${e.stream})` : ""}`;
    return e;
  }
  const lifecycle = /^\$SYS\.SERVER\.[^.]+\.(SHUTDOWN|LAMEDUCK)$/.exec(subject);
  if (lifecycle) {
    const e = base(lifecycle[1] === "SHUTDOWN" ? "server-shutdown" : "server-lameduck");
    e.server = str(payload.name);
    e.detail = `${e.server ?? "a server"} ${lifecycle[1] === "SHUTDOWN" ? "is shutting down" : "entered lame-duck mode"}`;
    return e;
  }
  if (/^\$SYS\.ACCOUNT\.[^.]+\.DISCONNECT$/.test(subject) && /slow consumer/i.test(payload.reason ?? "")) {
    const e = base("slow-consumer-disconnect");
    e.account = str(payload.client?.acc);
    e.server = typeof payload.server === "object" ? str(payload.server?.name) : null;
    const who = payload.client?.name ? `"${payload.client.name}"` : `client ${payload.client?.id ?? "?"}`;
    e.detail = `${who} from ${payload.client?.host ?? "?"} disconnected: ${payload.reason}`;
    return e;
  }
  return null;
}

/** Subscribes on one connection; returns the subscriptions so they can be closed with it. */
export function subscribeAdvisories(nc: NatsConnection, onEvent: (event: NewEvent) => void, onError: (message: string) => void): Subscription[] {
  return ADVISORY_SUBJECTS.map((subject) =>
    nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) {
          onError(`advisory subscription ${subject}: ${err.message}`);
          return;
        }
        try {
          const event = advisoryEvent(msg.subject, msg.json<AdvisoryPayload>(), new Date());
          if (event) onEvent(event);
        } catch (parseError) {
          onError(`unreadable advisory on ${msg.subject}: ${(parseError as Error).message}`);
        }
      },
    }),
  );
}
