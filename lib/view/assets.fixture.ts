/** Stream and consumer views for the view-logic tests: every field set, overridable per case. */
import type { ConsumerView, ReplicaView, StreamView } from "../model/types";

export function replica(name: string, over: Partial<ReplicaView> = {}): ReplicaView {
  return { name, current: true, lag: 0, offline: false, activeMs: 120, laggingSince: null, ...over };
}

export function stream(name: string, over: Partial<StreamView> = {}): StreamView {
  return {
    account: "APP",
    name,
    leader: "n1",
    truth: "leader",
    truthNote: null,
    replicas: [replica("n2"), replica("n3")],
    hostedOn: ["n1", "n2", "n3"],
    underReplicated: false,
    leaderSince: null,
    numReplicas: 3,
    subjects: [`${name.toLowerCase()}.>`],
    retention: "limits",
    storage: "file",
    maxBytes: null,
    maxMsgs: null,
    maxAgeMs: null,
    maxConsumers: null,
    maxConsumersIsServerDefault: false,
    messages: 0,
    bytes: 0,
    firstSeq: 0,
    lastSeq: 0,
    firstTs: null,
    lastTs: null,
    numSubjects: 0,
    consumerCount: 0,
    msgsPerSec: null,
    bytesPerSec: null,
    created: null,
    metadata: null,
    ...over,
  };
}

export function consumer(streamName: string, name: string, over: Partial<ConsumerView> = {}): ConsumerView {
  return {
    account: "APP",
    stream: streamName,
    name,
    leader: "n1",
    truth: "leader",
    truthNote: null,
    replicas: [],
    hostedOn: ["n1"],
    durable: true,
    pull: true,
    ackPolicy: "explicit",
    filterSubjects: [],
    maxAckPending: 1000,
    numPending: 0,
    numAckPending: 0,
    numRedelivered: 0,
    numWaiting: 0,
    deliveredStreamSeq: 0,
    ackFloorStreamSeq: 0,
    deliveredConsumerSeq: 0,
    ackFloorConsumerSeq: 0,
    lastDeliveryAt: null,
    lastAckAt: null,
    unprocessedPercent: null,
    ackPerSec: null,
    stalled: false,
    pendingGrowingSince: null,
    pendingBaseline: null,
    fallingBehind: false,
    leaderSince: null,
    paused: false,
    created: null,
    metadata: null,
    ...over,
  };
}
