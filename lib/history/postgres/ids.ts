/**
 * Row ids of clusters, nodes, streams and consumers, looked up (or created, when writing) once per
 * name and then kept: ids never change. A cycle's new nodes, streams and consumers are created in
 * one statement each, not one round trip apiece.
 */
import type pg from "pg";
import type { Row } from "../rows";
import { one, rows, type Db } from "./context";

const keyOf = (parts: (string | number)[]) => parts.join("\u0000");

export class PgRowIds {
  private readonly cache = new Map<string, number>();

  constructor(private readonly pool: pg.Pool) {}

  /** The cluster's id, its row created on the first write. */
  async cluster(name: string, db: Db = this.pool): Promise<number> {
    return (await this.cached(["cluster", name], () =>
      one(db, "INSERT INTO clusters (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id", [name]),
    ))!;
  }

  /** The cluster's id for a read; null for a cluster never recorded (a miss is not kept: it may be recorded later). */
  existingCluster(name: string): Promise<number | null> {
    return this.cached(["cluster", name], () => one(this.pool, "SELECT id FROM clusters WHERE name = $1", [name]));
  }

  existingNode(clusterId: number, name: string): Promise<number | null> {
    return this.cached(["node", clusterId, name], () => one(this.pool, "SELECT id FROM nodes WHERE cluster_id = $1 AND name = $2", [clusterId, name]));
  }

  existingStream(clusterId: number, account: string, name: string): Promise<number | null> {
    return this.cached(["stream", clusterId, account, name], () =>
      one(this.pool, "SELECT id FROM streams WHERE cluster_id = $1 AND account = $2 AND name = $3", [clusterId, account, name]),
    );
  }

  existingConsumer(streamId: number, name: string): Promise<number | null> {
    return this.cached(["consumer", streamId, name], () => one(this.pool, "SELECT id FROM consumers WHERE stream_id = $1 AND name = $2", [streamId, name]));
  }

  /** The ids of the cluster's nodes, in the order given; the missing ones created. */
  async nodes(db: Db, clusterId: number, names: string[]): Promise<number[]> {
    return this.many(
      names.map((name) => ({ key: ["node", clusterId, name], values: [name] })),
      async (missing) =>
        rows(
          db,
          `INSERT INTO nodes (cluster_id, name) SELECT $1, * FROM unnest($2::text[])
           ON CONFLICT (cluster_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id, name`,
          [clusterId, missing.map((m) => m[0])],
        ).then((r) => r.map((row) => ({ key: ["node", clusterId, row.name as string], id: row.id as number }))),
    );
  }

  /** The ids of the cluster's streams; the missing ones created, with their creation time where known. */
  async streams(db: Db, clusterId: number, streams: { account: string; name: string; created: number | null }[]): Promise<number[]> {
    return this.many(
      streams.map((s) => ({ key: ["stream", clusterId, s.account, s.name], values: [s.account, s.name, s.created] })),
      async (missing) =>
        rows(
          db,
          `INSERT INTO streams (cluster_id, account, name, created) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::bigint[])
           ON CONFLICT (cluster_id, account, name) DO UPDATE SET created = coalesce(EXCLUDED.created, streams.created) RETURNING id, account, name`,
          [clusterId, missing.map((m) => m[0]), missing.map((m) => m[1]), missing.map((m) => m[2])],
        ).then((r) => r.map((row) => ({ key: ["stream", clusterId, row.account as string, row.name as string], id: row.id as number }))),
    );
  }

  /** The ids of consumers (each of a stream's id), the missing ones created. */
  async consumers(db: Db, consumers: { streamId: number; name: string }[]): Promise<number[]> {
    return this.many(
      consumers.map((c) => ({ key: ["consumer", c.streamId, c.name], values: [c.streamId, c.name] })),
      async (missing) =>
        rows(
          db,
          `INSERT INTO consumers (stream_id, name) SELECT * FROM unnest($1::bigint[], $2::text[])
           ON CONFLICT (stream_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id, stream_id, name`,
          [missing.map((m) => m[0]), missing.map((m) => m[1])],
        ).then((r) => r.map((row) => ({ key: ["consumer", row.stream_id as number, row.name as string], id: row.id as number }))),
    );
  }

  /** Ids from the cache; the misses (each once) created by `create`, which answers their keys and ids. */
  private async many(
    wanted: { key: (string | number)[]; values: unknown[] }[],
    create: (missing: unknown[][]) => Promise<{ key: (string | number)[]; id: number }[]>,
  ): Promise<number[]> {
    const missing = new Map<string, unknown[]>();
    for (const w of wanted) {
      const k = keyOf(w.key);
      if (!this.cache.has(k)) missing.set(k, w.values);
    }
    if (missing.size > 0) for (const made of await create([...missing.values()])) this.cache.set(keyOf(made.key), made.id);
    return wanted.map((w) => this.cache.get(keyOf(w.key))!);
  }

  private async cached(key: (string | number)[], lookup: () => Promise<Row | undefined>): Promise<number | null> {
    const k = keyOf(key);
    let id = this.cache.get(k);
    if (id === undefined) {
      const found = (await lookup())?.id;
      if (found === undefined || found === null) return null;
      id = Number(found);
      this.cache.set(k, id);
    }
    return id;
  }
}
