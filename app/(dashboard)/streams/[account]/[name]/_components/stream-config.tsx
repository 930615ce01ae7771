import { Fact, FactList } from "@/components/ui/fact-list";
import { formatBytes, formatDurationMs } from "@/lib/format";
import type { StreamView } from "@/lib/model/types";
import { configReadText, exactCount } from "@/lib/view/describe";

const limit = (value: number | null, format: (n: number) => string) => (value === null ? "unlimited" : format(value));

export function StreamConfig({ stream, configsReadAt, now }: { stream: StreamView; configsReadAt: string | null; now: number }) {
  return (
    <FactList title="Configuration" testId="stream-config">
      <Fact label="Subjects">{stream.subjects.join(", ") || "—"}</Fact>
      <Fact label="Retention">{stream.retention ?? "—"}</Fact>
      <Fact label="Storage">{stream.storage ?? "—"}</Fact>
      <Fact label="Replicas">{stream.numReplicas ?? "—"}</Fact>
      <Fact label="Max messages">{limit(stream.maxMsgs, exactCount)}</Fact>
      <Fact label="Max bytes">{limit(stream.maxBytes, formatBytes)}</Fact>
      <Fact label="Max age">{limit(stream.maxAgeMs, formatDurationMs)}</Fact>
      <Fact label="Max consumers">
        {limit(stream.maxConsumers, exactCount)}
        {stream.maxConsumersIsServerDefault && " (the servers' default_max_consumers: the stream sets none)"}
      </Fact>
      <Fact label="Created">{stream.created ? new Date(stream.created).toLocaleString("en-GB") : "—"}</Fact>
      <Fact label="Read" testId="config-read" hint="Polls read stream and consumer configs only now and then (configRefreshMs, a minute by default) and at once when an asset appears">
        {configReadText(stream, configsReadAt, now)}
      </Fact>
      {stream.metadata && Object.keys(stream.metadata).length > 0 && (
        <Fact label="Metadata">
          {Object.entries(stream.metadata)
            .map(([k, v]) => `${k}=${v}`)
            .join(", ")}
        </Fact>
      )}
    </FactList>
  );
}
