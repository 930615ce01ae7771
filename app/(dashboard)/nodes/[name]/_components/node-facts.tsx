import { Fact, FactList } from "@/components/ui/fact-list";
import { formatBytes, formatCount, formatPercent, formatTime } from "@/lib/format";
import type { EndpointResult, NodeView } from "@/lib/model/types";

function endpointText(e: EndpointResult): string {
  // The system account's fan-out does not count bytes per server: no size rather than "0 B".
  if (e.ok) return `HTTP ${e.status ?? "—"} · ${e.ms} ms${e.bytes ? ` · ${formatBytes(e.bytes)}` : ""}`;
  return `${e.kind ?? "failed"}${e.message ? `: ${e.message}` : ""} (${e.ms} ms)`;
}

/** What this node holds of JetStream, from its own /jsz (replicas count here, leader or follower). */
export function NodeJetStreamFacts({ node }: { node: NodeView }) {
  const js = node.jetstream;
  return (
    <FactList title="JetStream on this node" testId="node-jetstream">
      <Fact label="Stream replicas" hint="streams hosted here, leader or follower">
        {formatCount(js?.streams)}
      </Fact>
      <Fact label="Consumer replicas">{formatCount(js?.consumers)}</Fact>
      <Fact label="File storage">
        {js ? `${formatBytes(js.storageBytes)} of ${js.storageLimitBytes ? `${formatBytes(js.storageLimitBytes)} (${formatPercent(js.storageBytes, js.storageLimitBytes)})` : "no limit"}` : "—"}
      </Fact>
      <Fact label="Memory storage">
        {js ? `${formatBytes(js.memoryBytes)} of ${js.memoryLimitBytes ? `${formatBytes(js.memoryLimitBytes)} (${formatPercent(js.memoryBytes, js.memoryLimitBytes)})` : "no limit"}` : "—"}
      </Fact>
      <Fact label="API requests" hint="since the server started">
        {js ? `${formatCount(js.apiTotal)} (${formatCount(js.apiErrors)} errors)` : "—"}
      </Fact>
      <Fact label="Meta leader">{node.isMetaLeader ? "yes" : "no"}</Fact>
    </FactList>
  );
}

/** How the dashboard reads this node: health, when it last answered, and each endpoint's last fetch. */
export function NodeMonitoringFacts({ node }: { node: NodeView }) {
  return (
    <FactList title="Monitoring" testId="node-monitoring">
      <Fact label="Health">{node.health ? `${node.health.status}${node.health.message ? `: ${node.health.message}` : ""}` : "—"}</Fact>
      <Fact label="Started">{node.startedAt ? `${new Date(node.startedAt).toLocaleDateString("en-GB")} ${formatTime(node.startedAt)}` : "—"}</Fact>
      <Fact label="Last answer">{formatTime(node.lastSeenAt)}</Fact>
      <Fact label="Cores">{formatCount(node.cores)}</Fact>
      <Fact label="Subscriptions">{formatCount(node.subscriptions)}</Fact>
      <Fact label="Read through">{node.source === "system-account" ? "the system account" : "the monitoring port"}</Fact>
      {(["varz", "jsz", "healthz"] as const).map((name) => (
        <Fact key={name} label={name}>
          {endpointText(node.endpoints[name])}
        </Fact>
      ))}
    </FactList>
  );
}
