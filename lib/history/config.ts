/** The history store's and the trial report's sections of the configuration. */
import path from "node:path";
import { z } from "zod";
import { numberIn, postgresUrl, wholeNumber } from "../fields";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A PostgreSQL database shared by any number of dashboards. */
export interface PostgresStoreConfig {
  /** postgres://user:password@host:port/database (a secret: never logged as it is; see `describeStore`). */
  url: string;
  /** Connections the dashboard opens at most. */
  poolSize: number;
}

export interface HistoryConfig {
  /** The SQLite file; null when history is switched off or kept in PostgreSQL. */
  path: string | null;
  /** Where history is kept instead of the SQLite file; null: the file (the embedded default). */
  postgres: PostgresStoreConfig | null;
  /** How long raw samples (every poll; streams and consumers every assetStepMs) are kept. */
  rawRetentionMs: number;
  /** How long rollups (nodes per minute, streams and consumers per assetRollupMs) are kept. */
  rollupRetentionMs: number;
  /** Step of the stored stream and consumer samples (they are many; nodes are stored at every poll). */
  assetStepMs: number;
  /** Bucket of the stream and consumer rollups. */
  assetRollupMs: number;
}

/** Targets of a trial run; a target left out is not judged. */
export interface ReportTargets {
  /** Peak messages stored per second must reach this. */
  throughputMsgsPerSec: number | null;
  /** The worst measured leaderless time of a stream must stay below this. */
  failoverMs: number | null;
  /** Cluster outages allowed in the period. */
  clusterOutages: number | null;
  /** Alerts (that fired) allowed in the period. */
  alerts: number | null;
}

export interface ReportConfig {
  /** The default period of /report. */
  trial: { from: string; to: string } | null;
  targets: ReportTargets;
}

/** The history section as configured; its file defaults to one in the data directory (see `historyConfig`). */
export const historySchema = z
  .strictObject({
    path: z.string().min(1).optional(),
    enabled: z.boolean().default(true),
    rawRetentionHours: numberIn(1, 24 * 31).default(24),
    rollupRetentionDays: numberIn(1, 3660).default(90),
    assetStepMs: wholeNumber(250, HOUR_MS).default(MINUTE_MS),
    assetRollupMinutes: wholeNumber(1, 1440).default(60),
  })
  .transform((h) => ({
    enabled: h.enabled,
    file: h.path,
    rawRetentionMs: h.rawRetentionHours * HOUR_MS,
    rollupRetentionMs: h.rollupRetentionDays * DAY_MS,
    assetStepMs: h.assetStepMs,
    assetRollupMs: h.assetRollupMinutes * MINUTE_MS,
  }));

/**
 * The store section: which database keeps history, alert state, tokens and the audit log. SQLite
 * (a file, the default) suits one dashboard process; PostgreSQL is shared by several. A URL alone
 * (`DATABASE_URL`) means PostgreSQL.
 */
export const storeSchema = z
  .strictObject({
    kind: z.enum(["sqlite", "postgres"]).optional(),
    url: postgresUrl.optional(),
    poolSize: wholeNumber(1, 100).default(10),
  })
  .superRefine((s, ctx) => {
    if (s.kind === "postgres" && !s.url) ctx.addIssue({ code: "custom", path: ["url"], message: "PostgreSQL needs its URL (DATABASE_URL=postgres://user:password@host:5432/database)" });
    if (s.kind === "sqlite" && s.url) ctx.addIssue({ code: "custom", path: ["url"], message: "is for PostgreSQL; with kind sqlite history is kept in history.path" });
  })
  .transform((s): PostgresStoreConfig | null => (s.url && s.kind !== "sqlite" ? { url: s.url, poolSize: s.poolSize } : null));

/** The history section with its file resolved: the configured one, else history.sqlite in the data directory; none when PostgreSQL keeps it. */
export function historyConfig(section: z.output<typeof historySchema>, postgres: PostgresStoreConfig | null, dataDir: string): HistoryConfig {
  const { enabled, file, ...rest } = section;
  return {
    ...rest,
    path: enabled && !postgres ? path.resolve(/*turbopackIgnore: true*/ file ?? path.join(dataDir, "history.sqlite")) : null,
    postgres: enabled ? postgres : null,
  };
}

/** Where history is kept, for the log: the file, or the database without its password. */
export function describeStore(history: HistoryConfig): string {
  if (history.postgres) {
    const url = new URL(history.postgres.url);
    url.password = url.password ? "xxxxx" : "";
    return `PostgreSQL ${url.toString()}`;
  }
  return history.path ? `in ${history.path}` : "off";
}

const ISO_TIME = "must be an ISO 8601 time such as 2026-11-01T00:00:00Z";
const isoTime = z
  .string({ error: ISO_TIME })
  .refine((v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && Number.isFinite(Date.parse(v)), { error: (iss) => `"${String(iss.input)}" ${ISO_TIME}` });

export const reportSchema = z
  .strictObject({
    trial: z
      .strictObject({ from: isoTime, to: isoTime })
      .refine((t) => Date.parse(t.from) < Date.parse(t.to), { path: ["from"], message: "must be before the end of the trial (to)" })
      .optional(),
    targets: z
      .strictObject({
        throughputMsgsPerSec: z.number().positive().optional(),
        failoverMs: z.number().int().positive().optional(),
        clusterOutages: z.number().int().min(0).optional(),
        alerts: z.number().int().min(0).optional(),
      })
      .optional(),
  })
  .transform(
    (r): ReportConfig => ({
      trial: r.trial ?? null,
      targets: {
        throughputMsgsPerSec: r.targets?.throughputMsgsPerSec ?? null,
        failoverMs: r.targets?.failoverMs ?? null,
        clusterOutages: r.targets?.clusterOutages ?? null,
        alerts: r.targets?.alerts ?? null,
      },
    }),
  );
