import { Fact, FactList } from "@/components/ui/fact-list";
import { formatExact, formatLatencyMs } from "@/lib/format";
import type { AckLatency, LatencyView } from "@/lib/model/types";

/**
 * Delivery → ack as the consumer's server measured its sampled acks in the last 5 minutes
 * ($JS.EVENT.METRIC.CONSUMER.ACK), or why there is none.
 */
export function AckLatencyFacts({ latency, ack }: { latency: LatencyView | null; ack: AckLatency | null }) {
  return (
    <FactList title="Ack latency (sampled, last 5 min)" testId="consumer-ack-latency">
      {ack ? (
        <>
          <Fact label="p50 / p99" testId="ack-latency-p50-p99">
            {formatLatencyMs(ack.figures.p50Ms)} / {formatLatencyMs(ack.figures.p99Ms)}
          </Fact>
          <Fact label="max">{formatLatencyMs(ack.figures.maxMs)}</Fact>
          <Fact label="Sampled acks">{formatExact(ack.figures.count)}</Fact>
          <Fact label="Redelivered" hint="sampled acks of messages delivered more than once">
            {formatExact(ack.redelivered)}
          </Fact>
        </>
      ) : (
        <Fact label="Not measured">
          {!latency
            ? "ack metrics come through the latency canary's account connection, which is not configured for this cluster (see the Latency page)"
            : latency.ackLatency === null
              ? "ack metrics are not followed (canary.ackLatency is false)"
              : "no sampled ack in the last 5 minutes: set sample_freq on the consumer (e.g. nats consumer edit STREAM NAME --sample 100)"}
        </Fact>
      )}
    </FactList>
  );
}
