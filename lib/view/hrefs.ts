/** Links to the detail pages; every part is encoded, and the cluster travels along. */
import { clusterQuery } from "./url-state";

export function streamHref(cluster: string | null, account: string, stream: string): string {
  return `/streams/${encodeURIComponent(account)}/${encodeURIComponent(stream)}${clusterQuery(cluster)}`;
}

export function consumerHref(cluster: string | null, account: string, stream: string, consumer: string): string {
  return `/streams/${encodeURIComponent(account)}/${encodeURIComponent(stream)}/consumers/${encodeURIComponent(consumer)}${clusterQuery(cluster)}`;
}

export function nodeHref(cluster: string | null, node: string): string {
  return `/nodes/${encodeURIComponent(node)}${clusterQuery(cluster)}`;
}
