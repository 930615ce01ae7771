/**
 * The dashboard's alert rules written as Prometheus alerting rules over the jsw_* series, for teams
 * that alert from Prometheus. Levels come from the dashboard's own defaults
 * (DEFAULT_ALERT_THRESHOLDS), so the two never disagree; deploy/prometheus/rules.yml is this
 * file's output (`npx tsx scripts/prometheus-rules.ts` writes it; a unit test compares them).
 */
import { DEFAULT_ALERT_THRESHOLDS as T } from "../alerts/thresholds";

interface PromRule {
  alert: string;
  expr: string;
  for: string;
  severity: "warning" | "critical";
  summary: string;
  description: string;
}

const ratio = (percent: number) => String(percent / 100);

export const PROMETHEUS_RULES: PromRule[] = [
  {
    alert: "JetStreamWatchDataStale",
    expr: "jsw_snapshot_age_seconds > 30",
    for: "1m",
    severity: "warning",
    summary: "JetStream Watch has not finished a poll of {{ $labels.cluster }} for {{ $value | humanizeDuration }}",
    description: "Every other rule here reads the dashboard's last poll; while this fires they read old figures.",
  },
  {
    alert: "JetStreamNodeDown",
    expr: "jsw_node_up == 0",
    for: "30s",
    severity: "critical",
    summary: "NATS node {{ $labels.node }} of {{ $labels.cluster }} does not answer",
    description: "The node did not answer the dashboard's poll (down, auth failed or a bad response: see jsw_node_status).",
  },
  {
    alert: "JetStreamNoMetaLeader",
    expr: "jsw_meta_has_leader == 0",
    for: "30s",
    severity: "critical",
    summary: "The JetStream meta group of {{ $labels.cluster }} has no leader",
    description: "Without a meta leader no stream or consumer can be created, changed or deleted.",
  },
  {
    alert: "JetStreamStreamLeaderless",
    expr: "jsw_stream_has_leader == 0",
    for: "30s",
    severity: "critical",
    summary: "Stream {{ $labels.account }} > {{ $labels.stream }} has no leader",
    description: "A stream without a leader accepts no writes.",
  },
  {
    alert: "JetStreamStreamLeaderUnreachable",
    expr: "jsw_stream_has_leader == 1 and jsw_stream_leader_reachable == 0",
    for: "1m",
    severity: "warning",
    summary: "The leader of {{ $labels.account }} > {{ $labels.stream }} does not answer",
    description: "The stream names a leader the dashboard cannot read, so its figures are not current.",
  },
  {
    alert: "JetStreamReplicaLagging",
    expr: `jsw_stream_replica_lag_operations > ${T.replicaLagCritical}`,
    for: "30s",
    severity: "critical",
    summary: "Replica {{ $labels.replica }} of {{ $labels.account }} > {{ $labels.stream }} is {{ $value }} operations behind",
    description: `More than ${T.replicaLagCritical} Raft operations behind its leader (nats server check's default).`,
  },
  {
    alert: "JetStreamReplicaNotSeen",
    expr: `jsw_stream_replica_last_seen_seconds > ${T.replicaSeenCriticalMs / 1000} or jsw_stream_replica_offline == 1`,
    for: "30s",
    severity: "critical",
    summary: "The leader of {{ $labels.account }} > {{ $labels.stream }} has not heard from replica {{ $labels.replica }}",
    description: `Not seen for more than ${T.replicaSeenCriticalMs / 1000} s, or offline.`,
  },
  {
    alert: "JetStreamStorageHigh",
    expr: `jsw_node_jetstream_storage_used_ratio > ${ratio(T.storageWarnPercent)}`,
    for: "5m",
    severity: "warning",
    summary: "JetStream storage on {{ $labels.node }} is {{ $value | humanizePercentage }} full",
    description: `Above ${T.storageWarnPercent} % of the node's file storage limit.`,
  },
  {
    alert: "JetStreamStorageCritical",
    expr: `jsw_node_jetstream_storage_used_ratio > ${ratio(T.storageCritPercent)}`,
    for: "1m",
    severity: "critical",
    summary: "JetStream storage on {{ $labels.node }} is {{ $value | humanizePercentage }} full",
    description: `Above ${T.storageCritPercent} % of the node's file storage limit: streams will soon refuse writes.`,
  },
  {
    alert: "JetStreamStreamNearLimit",
    expr: `max without (limit) (label_replace(jsw_stream_bytes_limit_ratio, "limit", "bytes", "", "") or label_replace(jsw_stream_messages_limit_ratio, "limit", "messages", "", "") or label_replace(jsw_stream_consumers_limit_ratio, "limit", "consumers", "", "")) > ${ratio(T.streamLimitWarnPercent)}`,
    for: "5m",
    severity: "warning",
    summary: "Stream {{ $labels.account }} > {{ $labels.stream }} is at {{ $value | humanizePercentage }} of a limit",
    description: `Bytes, messages or consumers above ${T.streamLimitWarnPercent} % of max_bytes, max_msgs or max_consumers.`,
  },
  {
    alert: "JetStreamConsumerStalled",
    expr: "jsw_consumer_stalled == 1",
    for: "1m",
    severity: "warning",
    summary: "Consumer {{ $labels.consumer }} of {{ $labels.account }} > {{ $labels.stream }} is stalled",
    description: "Messages are pending but nothing has been delivered for longer than the dashboard's threshold.",
  },
  {
    alert: "JetStreamConsumerFallingBehind",
    expr: "jsw_consumer_falling_behind == 1",
    for: "1m",
    severity: "warning",
    summary: "Consumer {{ $labels.consumer }} of {{ $labels.account }} > {{ $labels.stream }} is falling behind",
    description: "Its pending count has kept growing for longer than the dashboard's window.",
  },
  {
    alert: "JetStreamSlowConsumers",
    expr: "increase(jsw_node_slow_consumers_total[5m]) > 0",
    for: "0s",
    severity: "warning",
    summary: "NATS node {{ $labels.node }} cut off slow consumers in the last 5 minutes",
    description: "A client could not keep up and was disconnected (the users' operations manual alerts on nats_varz_slow_consumers).",
  },
];

const quoted = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** deploy/prometheus/rules.yml. */
export function prometheusRulesYaml(): string {
  const rules = PROMETHEUS_RULES.map((r) =>
    [
      `      - alert: ${r.alert}`,
      `        expr: ${quoted(r.expr)}`,
      `        for: ${r.for}`,
      `        labels:`,
      `          severity: ${r.severity}`,
      `        annotations:`,
      `          summary: ${quoted(r.summary)}`,
      `          description: ${quoted(r.description)}`,
    ].join("\n"),
  );
  return [
    "# Alerting rules over JetStream Watch's metrics (/api/v1/metrics). Generated from the dashboard's own",
    "# rule defaults by `npx tsx scripts/prometheus-rules.ts`; tested with `promtool test rules rules.test.yml`.",
    "groups:",
    "  - name: jetstream-watch",
    "    rules:",
    ...rules,
    "",
  ].join("\n");
}
