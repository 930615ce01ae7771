import { Fact, FactList } from "@/components/ui/fact-list";
import type { ConsumerView } from "@/lib/model/types";
import { configReadText, exactCount } from "@/lib/view/describe";

export function ConsumerConfig({ consumer, configsReadAt, now }: { consumer: ConsumerView; configsReadAt: string | null; now: number }) {
  return (
    <FactList title="Configuration" testId="consumer-config">
      <Fact label="Kind">
        {consumer.durable ? "durable" : "ephemeral"}, {consumer.pull ? "pull" : "push"}
      </Fact>
      <Fact label="Ack policy">{consumer.ackPolicy ?? "—"}</Fact>
      <Fact label="Filter">{consumer.filterSubjects.join(", ") || "all subjects"}</Fact>
      <Fact label="Max ack pending">
        {consumer.maxAckPending === null || consumer.maxAckPending <= 0 ? "unlimited" : exactCount(consumer.maxAckPending)}
      </Fact>
      <Fact label="Paused">{consumer.paused ? "yes" : "no"}</Fact>
      <Fact label="Created">{consumer.created ? new Date(consumer.created).toLocaleString("en-GB") : "—"}</Fact>
      <Fact label="Read" testId="config-read" hint="Polls read stream and consumer configs only now and then (configRefreshMs, a minute by default) and at once when an asset appears">
        {configReadText(consumer, configsReadAt, now)}
      </Fact>
      {consumer.metadata && Object.keys(consumer.metadata).length > 0 && (
        <Fact label="Metadata">
          {Object.entries(consumer.metadata)
            .map(([k, v]) => `${k}=${v}`)
            .join(", ")}
        </Fact>
      )}
    </FactList>
  );
}
