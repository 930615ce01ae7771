import { Fact, FactList } from "@/components/ui/fact-list";
import { formatBytes, formatBytesRate, formatDurationMs, formatExact, formatRate, formatTime } from "@/lib/format";
import type { CanaryView } from "@/lib/model/types";

/** What the canary is, does and costs: its stream and bounds, its pace, its traffic and what it stores. */
export function CanaryFacts({ canary }: { canary: CanaryView }) {
  const connected = canary.nodes.filter((n) => n.connected).length;
  return (
    <FactList title="Canary" testId="canary-facts">
      <Fact label="State" testId="canary-state">
        {canary.state} since {formatTime(canary.since)}
        {canary.message && <span className="block text-warn-ink">{canary.message}</span>}
      </Fact>
      <Fact label="Stream" hint="its own stream; it never writes to or changes any other">
        {canary.stream}, R{canary.replicas}, file storage, leader {canary.streamLeader ?? "—"}
      </Fact>
      <Fact label="Probes">
        {canary.ratePerSec}/s × {formatBytes(canary.payloadBytes)}, timeout {formatDurationMs(canary.timeoutMs)}; connected to {connected} of {canary.nodes.length} nodes
      </Fact>
      <Fact label="Bounds" hint="the stream discards its oldest messages beyond these">
        at most {formatExact(canary.maxMsgs)} messages, {formatDurationMs(canary.maxAgeMs)}
      </Fact>
      <Fact label="Stored now" hint="the leader's copy; every replica keeps one" testId="canary-stored">
        {canary.stored ? `${formatExact(canary.stored.messages ?? 0)} messages, ${formatBytes(canary.stored.bytes)} × ${canary.replicas} replicas` : "—"}
      </Fact>
      <Fact label="Traffic" hint="its writes, and their deliveries to its subscriber on every node" testId="canary-traffic">
        writes {formatRate(canary.traffic.writesPerSec)} ({formatBytesRate(canary.traffic.writeBytesPerSec)}), deliveries {formatRate(canary.traffic.deliveriesPerSec)} (
        {formatBytesRate(canary.traffic.deliveryBytesPerSec)})
      </Fact>
      <Fact label="Ack metrics">{canary.ackLatency ? "followed ($JS.EVENT.METRIC.CONSUMER.ACK.>)" : "not followed"}</Fact>
    </FactList>
  );
}
