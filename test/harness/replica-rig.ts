/**
 * What the tests of dashboard replicas share: a real PostgreSQL (test/harness/postgres.ts) with a
 * database for them, a real 3-node cluster with the seed assets and steady traffic, and built
 * dashboards on that database, started one after the other (the first migrates the schema).
 */
import { startDashboard, type DashboardOptions, type DashboardProcess } from "../../scripts/dashboard-process";
import { startCluster, type Harness, type Traffic } from "./cluster";
import { startPostgres, type PostgresServer } from "./postgres";

export interface ReplicaRig {
  postgres: PostgresServer;
  /** The URL of the database the replicas share. */
  database: string;
  harness: Harness;
  traffic: Traffic;
  replicas: DashboardProcess[];
  /** Starts `count` more replicas on the shared database with `options` (its `store` is set here). */
  addReplicas(count: number, options: DashboardOptions): Promise<DashboardProcess[]>;
  stop(): Promise<void>;
}

export async function startReplicaRig(): Promise<ReplicaRig> {
  const postgres = await startPostgres({ fsync: "off" });
  let harness: Harness | undefined;
  try {
    harness = await startCluster({ nodes: 3, proxy: false });
    await harness.createSeedAssets();
  } catch (err) {
    await harness?.stop();
    await postgres.stop();
    throw err;
  }
  const traffic = harness.startTraffic({ ordersPerSec: 10, logsPerSec: 5 });
  const database = await postgres.createDatabase();
  const replicas: DashboardProcess[] = [];
  const cluster = harness;
  return {
    postgres,
    database,
    harness,
    traffic,
    replicas,
    async addReplicas(count, options) {
      const added: DashboardProcess[] = [];
      for (let i = 0; i < count; i++) {
        const replica = await startDashboard({ ...options, extraConfig: { ...options.extraConfig, store: { url: database } } });
        replicas.push(replica);
        added.push(replica);
      }
      return added;
    },
    async stop() {
      await Promise.all(replicas.map((r) => r.stop().catch(() => {})));
      await traffic.stop();
      await cluster.stop();
      await postgres.stop();
    },
  };
}
