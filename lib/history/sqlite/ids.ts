/**
 * Row ids of clusters, nodes, streams and consumers, looked up (or created, when writing) once per
 * name and then kept: ids never change while the file is open.
 */
import type { Statements } from "./statements";

type IdRow = { id: number } | undefined;

export class RowIds {
  private readonly cache = new Map<string, number>();

  constructor(private readonly sql: Statements) {}

  /** The cluster's id, its row created on the first write. */
  cluster(name: string): number {
    return this.cached(["cluster", name], () => this.sql.clusterUpsert.get(name) as IdRow)!;
  }

  /** The cluster's id for a read; null for a cluster never recorded (a miss is not kept: it may be recorded later). */
  existingCluster(name: string): number | null {
    return this.cached(["cluster", name], () => this.sql.clusterOf.get(name) as IdRow);
  }

  node(clusterId: number, name: string): number {
    return this.cached(["node", clusterId, name], () => this.sql.nodeUpsert.get(clusterId, name) as IdRow)!;
  }

  existingNode(clusterId: number, name: string): number | null {
    return this.cached(["node", clusterId, name], () => this.sql.nodeOf.get(clusterId, name) as IdRow);
  }

  stream(clusterId: number, account: string, name: string, created: number | null): number {
    return this.cached(["stream", clusterId, account, name], () => this.sql.streamUpsert.get(clusterId, account, name, created) as IdRow)!;
  }

  existingStream(clusterId: number, account: string, name: string): number | null {
    return this.cached(["stream", clusterId, account, name], () => this.sql.streamOf.get(clusterId, account, name) as IdRow);
  }

  consumer(streamId: number, name: string): number {
    return this.cached(["consumer", streamId, name], () => this.sql.consumerUpsert.get(streamId, name) as IdRow)!;
  }

  existingConsumer(streamId: number, name: string): number | null {
    return this.cached(["consumer", streamId, name], () => this.sql.consumerOf.get(streamId, name) as IdRow);
  }

  private cached(key: (string | number)[], lookup: () => IdRow): number | null {
    const k = key.join("\u0000");
    let id = this.cache.get(k);
    if (id === undefined) {
      id = lookup()?.id;
      if (id === undefined) return null;
      this.cache.set(k, id);
    }
    return id;
  }
}
