/**
 * The collectors' section of the configuration: how often they poll, how often they read the
 * stream and consumer configs again, and how much recent throughput they keep.
 */
import { wholeNumber } from "../fields";

export interface CollectorSettings {
  pollIntervalMs: number;
  /** Stream and consumer configs are read again after this long (and at once when assets appear); 0: every poll. */
  configRefreshMs: number;
  /** How many samples of node rates are kept in memory for the live charts. */
  recentSamples: number;
}

export const DEFAULT_COLLECTOR_SETTINGS: CollectorSettings = {
  pollIntervalMs: 2000,
  configRefreshMs: 60_000,
  recentSamples: 450, // 15 minutes at the default 2 s interval
};

/** Top-level keys of the configuration file. */
export const collectorFields = {
  pollIntervalMs: wholeNumber(250, 600_000).default(DEFAULT_COLLECTOR_SETTINGS.pollIntervalMs),
  configRefreshMs: wholeNumber(0, 60_000).default(DEFAULT_COLLECTOR_SETTINGS.configRefreshMs),
  recentSamples: wholeNumber(10, 100_000).default(DEFAULT_COLLECTOR_SETTINGS.recentSamples),
};
