/** The collectors' section of the configuration: how often they poll and how much recent throughput they keep. */
import { wholeNumber } from "../fields";

export interface CollectorSettings {
  pollIntervalMs: number;
  /** How many samples of node rates are kept in memory for the live charts. */
  recentSamples: number;
}

export const DEFAULT_COLLECTOR_SETTINGS: CollectorSettings = {
  pollIntervalMs: 2000,
  recentSamples: 450, // 15 minutes at the default 2 s interval
};

/** Top-level keys of the configuration file. */
export const collectorFields = {
  pollIntervalMs: wholeNumber(250, 600_000).default(DEFAULT_COLLECTOR_SETTINGS.pollIntervalMs),
  recentSamples: wholeNumber(10, 100_000).default(DEFAULT_COLLECTOR_SETTINGS.recentSamples),
};
