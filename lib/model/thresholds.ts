/**
 * The thresholds of the flags the merge derives (stalled, falling behind, leader imbalance): the
 * model's section of the configuration. The alert rules' levels are in lib/alerts/thresholds.ts.
 */
import { z } from "zod";
import { numberIn, wholeNumber } from "../fields";

export interface Thresholds {
  /** A consumer with pending work and no delivery for this long is "stalled". */
  consumerStalledMs: number;
  /** A consumer whose numPending keeps growing for this long is "falling behind". */
  consumerFallingBehindMs: number;
  /** A node leading more than this multiple of the average stream leaders per node is "imbalanced". */
  leaderImbalanceRatio: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  consumerStalledMs: 60_000,
  consumerFallingBehindMs: 120_000,
  leaderImbalanceRatio: 1.5,
};

export const thresholdsSchema = z.strictObject({
  consumerStalledMs: wholeNumber(1000).default(DEFAULT_THRESHOLDS.consumerStalledMs),
  consumerFallingBehindMs: wholeNumber(1000).default(DEFAULT_THRESHOLDS.consumerFallingBehindMs),
  leaderImbalanceRatio: numberIn(1).default(DEFAULT_THRESHOLDS.leaderImbalanceRatio),
});
