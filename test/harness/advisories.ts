/**
 * A test's own witness of a stream's leader election: the `LEADER_ELECTED` advisory as the servers
 * send it, heard over the harness's system-account user, to time the dashboard against.
 */
import { connect } from "@nats-io/transport-node";
import type { Harness } from "./cluster";

export interface ElectionWitness {
  /** When the first advisory arrived (epoch ms); 0 until then. */
  heardAt(): number;
  /** The leader the first advisory named; "" until then. */
  elected(): string;
  close(): Promise<void>;
}

/** Listens for `stream`'s next leader election, connected to every node but `avoid` (the one about to be killed). */
export async function witnessLeaderElection(harness: Harness, stream: string, avoid: string): Promise<ElectionWitness> {
  const nc = await connect({ servers: harness.nodes.filter((n) => n.name !== avoid).map((n) => n.clientUrl), user: harness.sys.user, pass: harness.sys.password });
  let heardAt = 0;
  let elected = "";
  nc.subscribe(`$JS.EVENT.ADVISORY.STREAM.LEADER_ELECTED.${stream}`, {
    callback: (_err, msg) => {
      heardAt ||= Date.now();
      elected ||= msg.json<{ leader: string }>().leader;
    },
  });
  await nc.flush();
  return { heardAt: () => heardAt, elected: () => elected, close: () => nc.close() };
}
