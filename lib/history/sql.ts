/**
 * SQL both stores run as it is written (double-quoted names, CASE for flags): the tables and
 * columns each chart target reads, raw and rolled up. The statements around them differ by store.
 */

/** The tables and columns of one chart target, raw and rolled up. */
export const SERIES = {
  cluster: {
    names: ["inMsgsPerSec", "outMsgsPerSec", "storedMsgsPerSec", "nodesUp"],
    raw: {
      table: "cluster_samples",
      time: "at",
      id: "cluster_id",
      columns: `avg(in_mps) AS "inMsgsPerSec", avg(out_mps) AS "outMsgsPerSec", avg(stored_mps) AS "storedMsgsPerSec", min(nodes_up) AS "nodesUp"`,
    },
    rollup: {
      table: "cluster_minutes",
      time: "minute",
      id: "cluster_id",
      columns: `avg(in_mps_avg) AS "inMsgsPerSec", avg(out_mps_avg) AS "outMsgsPerSec", avg(stored_mps_avg) AS "storedMsgsPerSec", min(nodes_up_min) AS "nodesUp"`,
    },
  },
  node: {
    names: ["inMsgsPerSec", "outMsgsPerSec", "storageBytes", "cpuPercent", "memBytes", "up"],
    raw: {
      table: "node_samples",
      time: "at",
      id: "node_id",
      columns:
        `avg(in_mps) AS "inMsgsPerSec", avg(out_mps) AS "outMsgsPerSec", max(store_bytes) AS "storageBytes", avg(cpu) AS "cpuPercent", max(mem_bytes) AS "memBytes", min(CASE WHEN state <= 1 THEN 1 ELSE 0 END) AS "up"`,
    },
    rollup: {
      table: "node_minutes",
      time: "minute",
      id: "node_id",
      columns:
        `avg(in_mps_avg) AS "inMsgsPerSec", avg(out_mps_avg) AS "outMsgsPerSec", max(store_bytes_max) AS "storageBytes", avg(cpu_avg) AS "cpuPercent", max(mem_max) AS "memBytes", min(CASE WHEN up_samples = samples THEN 1 ELSE 0 END) AS "up"`,
    },
  },
  stream: {
    names: ["messages", "bytes", "storedTotal"],
    raw: { table: "stream_samples", time: "at", id: "stream_id", columns: `max(messages) AS "messages", max(bytes) AS "bytes", max(stored_total) AS "storedTotal"` },
    rollup: {
      table: "stream_rollups",
      time: "bucket",
      id: "stream_id",
      columns: `max(messages_max) AS "messages", max(bytes_max) AS "bytes", max(stored_total_last) AS "storedTotal"`,
    },
  },
  consumer: {
    names: ["numPending", "numAckPending", "numRedelivered", "numWaiting"],
    raw: {
      table: "consumer_samples",
      time: "at",
      id: "consumer_id",
      columns: `max(num_pending) AS "numPending", max(num_ack_pending) AS "numAckPending", max(num_redelivered) AS "numRedelivered", max(num_waiting) AS "numWaiting"`,
    },
    rollup: {
      table: "consumer_rollups",
      time: "bucket",
      id: "consumer_id",
      columns: `max(pending_max) AS "numPending", max(ack_pending_max) AS "numAckPending", max(redelivered_max) AS "numRedelivered", max(waiting_max) AS "numWaiting"`,
    },
  },
} as const;

export type SeriesKind = keyof typeof SERIES;
export const SERIES_NAMES: Record<SeriesKind, readonly string[]> = {
  cluster: SERIES.cluster.names,
  node: SERIES.node.names,
  stream: SERIES.stream.names,
  consumer: SERIES.consumer.names,
};
